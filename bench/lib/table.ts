/** One row of the benchmark table; `ok` is undefined when the row has no target. */
export interface Row {
  metric: string;
  ours: string;
  bm25: string;
  hnsw: string;
  target: string;
  ok?: boolean;
}

export const NA = '—';

/** Terminal width of a string: CJK and full-width characters take two columns. */
function width(s: string): number {
  let w = 0;
  for (const ch of s)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch)
      ? 2
      : 1;
  return w;
}

const pad = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - width(s)));

/** Renders rows (and section titles, given as strings) as one aligned Markdown table. */
export function renderTable(headers: string[], rows: (Row | string)[]): string {
  const cells = rows.map((r) =>
    typeof r === 'string'
      ? [`**${r}**`, '', '', '', '', '']
      : [r.metric, r.ours, r.bm25, r.hnsw, r.target, r.ok === undefined ? '' : r.ok ? '✓' : '✗'],
  );
  const widths = headers.map((h, i) => Math.max(width(h), ...cells.map((c) => width(c[i] ?? ''))));
  const line = (c: string[]) => `| ${c.map((x, i) => pad(x, widths[i] ?? 0)).join(' | ')} |`;
  return [line(headers), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}

/** 0.9412 → "0.941"; NaN → "—". */
export const fmtRate = (x: number | undefined): string => (x === undefined || Number.isNaN(x) ? NA : x.toFixed(3));

/** Milliseconds with precision that suits their size. */
export const fmtMs = (x: number): string =>
  Number.isNaN(x) ? NA : x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0);

export const fmtLatency = (l: { p50: number; p95: number }): string => `${fmtMs(l.p50)} / ${fmtMs(l.p95)}`;

/** A duration in seconds (ingest times). */
export const fmtSeconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
