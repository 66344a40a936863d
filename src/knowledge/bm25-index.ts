import type { TermKind } from './analyzer.js';

export interface Bm25Options {
  k1?: number;
  b?: number;
  /** Weight of each term kind in the score. */
  weights?: Record<TermKind, number>;
}

interface Entry {
  terms: Map<string, number>;
  length: number;
}

const DEFAULT_WEIGHTS: Record<TermKind, number> = { w: 1, p: 0.6, b: 0.5 };

/**
 * An in-memory Okapi BM25 index over pre-analysed terms, with add and remove so one file
 * can be re-indexed without rebuilding the rest. Term kinds (word, pinyin, bigram) are
 * weighted separately.
 */
export class Bm25Index {
  private readonly entries = new Map<string, Entry>();
  private readonly postings = new Map<string, Map<string, number>>();
  private totalLength = 0;
  private readonly k1: number;
  private readonly b: number;
  private readonly weights: Record<TermKind, number>;

  constructor(opts: Bm25Options = {}) {
    this.k1 = opts.k1 ?? 1.2;
    this.b = opts.b ?? 0.75;
    this.weights = opts.weights ?? DEFAULT_WEIGHTS;
  }

  get size(): number {
    return this.entries.size;
  }

  add(id: string, terms: string[]): void {
    this.remove(id);
    const tf = new Map<string, number>();
    for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
    this.entries.set(id, { terms: tf, length: terms.length });
    this.totalLength += terms.length;
    for (const [t, n] of tf) {
      const p = this.postings.get(t) ?? new Map<string, number>();
      if (p.size === 0) this.postings.set(t, p);
      p.set(id, n);
    }
  }

  remove(id: string): void {
    const e = this.entries.get(id);
    if (!e) return;
    for (const t of e.terms.keys()) {
      const p = this.postings.get(t);
      p?.delete(id);
      if (p && p.size === 0) this.postings.delete(t);
    }
    this.totalLength -= e.length;
    this.entries.delete(id);
  }

  /** Inverse document frequency of a term (0 when unseen). */
  idf(term: string): number {
    const df = this.postings.get(term)?.size ?? 0;
    if (df === 0) return 0;
    const n = this.entries.size;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** Scores every entry containing a query term; returns the top `k`, best first. */
  search(queryTerms: string[], k: number, filter?: (id: string) => boolean): { id: string; score: number }[] {
    const n = this.entries.size;
    if (n === 0) return [];
    const avg = this.totalLength / n;
    const scores = new Map<string, number>();
    for (const term of new Set(queryTerms)) {
      const p = this.postings.get(term);
      if (!p) continue;
      const w = this.weights[term[0] as TermKind] ?? 1;
      const idf = this.idf(term) * w;
      for (const [id, tf] of p) {
        const len = this.entries.get(id)?.length ?? avg;
        const s = (idf * tf * (this.k1 + 1)) / (tf + this.k1 * (1 - this.b + (this.b * len) / avg));
        scores.set(id, (scores.get(id) ?? 0) + s);
      }
    }
    const out: { id: string; score: number }[] = [];
    for (const [id, score] of scores) if (!filter || filter(id)) out.push({ id, score });
    out.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
    return out.slice(0, k);
  }
}
