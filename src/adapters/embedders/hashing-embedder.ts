import { indexTerms } from '../../knowledge/analyzer.js';
import type { Embedder } from '../../ports/embedder.js';

/**
 * The offline default embedder: feature hashing of the same lexical terms the BM25 index
 * uses (words, pinyin, character bigrams) into a fixed-size, L2-normalised vector, with
 * sublinear term weighting. It is NOT a semantic model: it knows no synonyms. It gives the
 * dense side of the hybrid index a soft, length-normalised lexical similarity that is
 * robust to segmentation and homophone typos. Configure EMBEDDING_MODEL for a real model.
 */
export function createHashingEmbedder(dimensions = 512): Embedder {
  return {
    id: `hashing-v1-${dimensions}`,
    dimensions,
    semantic: false,
    async embed(texts) {
      return texts.map((t) => embedOne(t, dimensions));
    },
  };
}

const KIND_WEIGHT: Record<string, number> = { w: 1, p: 0.7, b: 0.5 };

function embedOne(text: string, dims: number): number[] {
  const v = new Float64Array(dims);
  const tf = new Map<string, number>();
  for (const term of indexTerms(text)) tf.set(term, (tf.get(term) ?? 0) + 1);
  for (const [term, n] of tf) {
    const h = fnv1a(term);
    const sign = h & 1 ? 1 : -1;
    v[(h >>> 1) % dims] = (v[(h >>> 1) % dims] ?? 0) + sign * (KIND_WEIGHT[term[0] ?? 'w'] ?? 1) * (1 + Math.log(n));
  }
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm) || 1;
  return Array.from(v, (x) => x / norm);
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
