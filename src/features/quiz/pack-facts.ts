import { docLines, sectionLines, UNQUOTABLE_SECTION } from '../../answer/extract-lines.js';
import type { KnowledgeBase, KnowledgeDoc, ProductDoc } from '../../ports/knowledge.js';

/** Compares facts loosely: no spaces, no hedges (约), half-width punctuation, lower case. */
export function norm(s: string): string {
  return s
    .replace(/[\s（）()「」"“”'‘’]/g, '')
    .replace(/^约|约(?=\d)/g, '')
    .replace(/，/g, ',')
    .replace(/；/g, ';')
    .replace(/：/g, ':')
    .replace(/[。．.、]$/, '')
    .toLowerCase();
}

/** Every quotable sentence of a document, normalised and joined (for "is this also true?" checks). */
export function docText(doc: KnowledgeDoc): string {
  return norm(
    doc.sections
      .filter((s) => !UNQUOTABLE_SECTION.test(s.heading))
      .map((s) => s.text)
      .join('\n'),
  );
}

/** The raw text of one section of a document (normalised), or '' when absent. */
export function sectionText(doc: KnowledgeDoc | undefined, heading: string): string {
  return norm(doc?.sections.find((s) => s.heading === heading)?.text ?? '');
}

/** Other active products of the same category: where distractors come from. */
export function siblingsOf(kb: KnowledgeBase, product: ProductDoc): ProductDoc[] {
  return kb
    .products()
    .filter((p) => p.id !== product.id && p.status !== 'discontinued' && p.category && p.category === product.category);
}

export interface SpecFact {
  label: string;
  value: string;
  line: string;
  section: string;
}

/** `label：value` facts of the spec section, one per `；`-separated part. */
export function specFacts(doc: KnowledgeDoc): SpecFact[] {
  const s = doc.sections.find((x) => /规格|参数/.test(x.heading));
  if (!s) return [];
  const out: SpecFact[] = [];
  for (const line of sectionLines(s.text)) {
    for (const part of line.split(/[；;]/)) {
      const m = /^\s*([^：:]{1,10})[：:]\s*(.{1,40}?)\s*$/.exec(part);
      if (m?.[1] && m[2]) out.push({ label: m[1].trim(), value: m[2].trim(), line, section: s.heading });
    }
  }
  return out;
}

/** The lines of the selling-points section (核心卖点 or the first section). */
export function sellingLines(doc: KnowledgeDoc): { section: string; text: string }[] {
  const lines = docLines(doc);
  const key = lines.filter((l) => /卖点|亮点|特点/.test(l.section));
  return (key.length ? key : lines.filter((l) => l.section === doc.sections[0]?.heading))
    .filter((l) => !/^(?:状态|说明|注意)/.test(l.text))
    .map((l) => ({ section: l.section, text: l.text }));
}

/** Shortens to a readable option: the first clause that ends before `max` chars. */
export function clip(text: string, max = 48): string {
  const t = text.replace(/^["“]|["”]$/g, '').trim();
  if (t.length <= max) return t;
  const cut = t.slice(0, max);
  const at = Math.max(cut.lastIndexOf('；'), cut.lastIndexOf('。'), cut.lastIndexOf('，'));
  return at > 8 ? cut.slice(0, at) : `${cut}…`;
}

/** A deterministic pseudo-random order (FNV-1a seeded) so answers are not always A. */
export function seededOrder<T>(items: T[], seed: string): T[] {
  let h = 2166136261;
  for (const ch of seed) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  const rand = () => {
    h = (Math.imul(h ^ (h >>> 15), 2246822507) ^ Math.imul(h ^ (h >>> 13), 3266489909)) >>> 0;
    return (h % 10000) / 10000;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
