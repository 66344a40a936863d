/** A piece of HTML that is already safe (built by `h` or marked with `raw`). */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and attribute values. */
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

/** Marks trusted markup (constants in this module's code, never user input). */
export const raw = (s: string) => new SafeHtml(s);

type Part = SafeHtml | string | number | boolean | null | undefined | Part[];

function render(p: Part): string {
  if (p === null || p === undefined || p === false || p === true) return '';
  if (Array.isArray(p)) return p.map(render).join('');
  if (p instanceof SafeHtml) return p.value;
  return escapeHtml(String(p));
}

/** HTML template literal: every interpolated value is escaped unless it is SafeHtml; arrays are joined. */
export function h(strings: TemplateStringsArray, ...values: Part[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

/** JSON for a `data-*` attribute (escaped by `h`). */
export const dataJson = (v: unknown) => JSON.stringify(v);
