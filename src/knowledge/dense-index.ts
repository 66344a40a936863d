import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import { Document } from '@langchain/core/documents';
import { Embeddings } from '@langchain/core/embeddings';
import type { Embedder } from '../ports/embedder.js';
import type { VectorIndex } from './vector-index.js';

/** Adapts the Embedder port to LangChain's Embeddings interface. */
export class PortEmbeddings extends Embeddings {
  constructor(private readonly embedder: Embedder) {
    super({});
  }
  embedDocuments(texts: string[]): Promise<number[][]> {
    return this.embedder.embed(texts);
  }
  async embedQuery(text: string): Promise<number[]> {
    return (await this.embedder.embed([text]))[0] ?? [];
  }
}

export interface DenseChunk {
  chunkId: string;
  text: string;
}

/**
 * Dense vectors in hnswlib-node through LangChain's HNSWLib store (cosine space). Removed
 * chunks are filtered out of results (HNSW labels are append-only), so one file can be
 * re-indexed without rebuilding the rest.
 */
export class DenseIndex implements VectorIndex {
  private readonly live = new Set<string>();
  private constructor(
    private store: HNSWLib,
    readonly embedder: Embedder,
  ) {}

  static create(embedder: Embedder): DenseIndex {
    return new DenseIndex(
      new HNSWLib(new PortEmbeddings(embedder), { space: 'cosine', numDimensions: embedder.dimensions }),
      embedder,
    );
  }

  /** Loads a saved index; `liveIds` are the chunk ids still current. */
  static async load(dir: string, embedder: Embedder, liveIds: Iterable<string>): Promise<DenseIndex> {
    const store = await HNSWLib.load(dir, new PortEmbeddings(embedder));
    const idx = new DenseIndex(store, embedder);
    for (const id of liveIds) idx.live.add(id);
    return idx;
  }

  get size(): number {
    return this.live.size;
  }

  async add(chunks: DenseChunk[]): Promise<void> {
    if (chunks.length === 0) return;
    await this.store.addDocuments(
      chunks.map((c) => new Document({ pageContent: c.text, metadata: { chunkId: c.chunkId } })),
    );
    for (const c of chunks) this.live.add(c.chunkId);
  }

  remove(chunkIds: Iterable<string>): void {
    for (const id of chunkIds) this.live.delete(id);
  }

  async save(dir: string): Promise<void> {
    await this.store.save(dir);
  }

  /** Embeds the query once; callers may reuse the vector. */
  async embedQuery(text: string): Promise<number[]> {
    return (await this.embedder.embed([text]))[0] ?? [];
  }

  /** Nearest live chunks by cosine similarity (1 − distance), best first. */
  async search(
    vector: number[],
    k: number,
    accept?: (chunkId: string) => boolean,
  ): Promise<{ id: string; score: number }[]> {
    if (this.live.size === 0) return [];
    let total = 0;
    try {
      total = this.store.index.getCurrentCount();
    } catch {
      return [];
    }
    // Filtering after the search is much cheaper than a per-candidate JS callback inside hnswlib;
    // over-fetch to make up for removed or filtered chunks.
    const kk = Math.min(total, Math.max(k * 2, k + (total - this.live.size)));
    const res = await this.store.similaritySearchVectorWithScore(vector, kk);
    const out: { id: string; score: number }[] = [];
    for (const [doc, distance] of res) {
      const id = doc.metadata.chunkId as string;
      if (this.live.has(id) && (!accept || accept(id))) out.push({ id, score: 1 - distance });
      if (out.length >= k) break;
    }
    return out;
  }
}
