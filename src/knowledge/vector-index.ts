import type { Embedder } from '../ports/embedder.js';

export interface VectorChunk {
  chunkId: string;
  text: string;
}

/**
 * The dense side of the hybrid index, as the knowledge base uses it. Two implementations:
 * `DenseIndex` (hnswlib-node through LangChain, Node) and `ExactVectorIndex` (pure-JS exact
 * cosine search, for Cloudflare Workers where hnswlib-node cannot load).
 */
export interface VectorIndex {
  readonly embedder: Embedder;
  /** Live chunks. */
  readonly size: number;
  add(chunks: VectorChunk[]): Promise<void>;
  remove(chunkIds: Iterable<string>): void;
  /** Persists the index under `dir`. */
  save(dir: string): Promise<void>;
  /** Embeds the query once; callers may reuse the vector. */
  embedQuery(text: string): Promise<number[]>;
  /** Nearest live chunks by cosine similarity, best first. */
  search(vector: number[], k: number, accept?: (chunkId: string) => boolean): Promise<{ id: string; score: number }[]>;
}
