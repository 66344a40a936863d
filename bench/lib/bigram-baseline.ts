import { Bm25Index } from '../../src/knowledge/bm25-index.js';
import { normalizeText } from '../../src/knowledge/normalize.js';
import type { KnowledgeDoc } from '../../src/ports/knowledge.js';
import { wholeDocText } from './doc-text.js';

/** Character bigrams of a text (Han, letters and digits), the plain baseline's only terms. */
export function charBigrams(text: string): string[] {
  const chars = Array.from(normalizeText(text).replace(/[^\p{L}\p{N}]+/gu, ''));
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(`b:${chars[i]}${chars[i + 1]}`);
  return out;
}

/** The reference: plain char-bigram BM25 over whole documents, nothing else. */
export function buildBigramBaseline(docs: KnowledgeDoc[]): { search(q: string, k: number): string[] } {
  const index = new Bm25Index({ weights: { w: 1, p: 1, b: 1 } });
  for (const d of docs) index.add(d.id, charBigrams(wholeDocText(d)));
  return { search: (q, k) => index.search(charBigrams(q), k).map((h) => h.id) };
}
