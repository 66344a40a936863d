import type { Embedder } from '../ports/embedder.js';
import type { VectorChunk, VectorIndex } from './vector-index.js';

interface Row {
  id: string;
  vector: Float32Array;
  /** Insertion order: equal scores keep it, so results are deterministic. */
  seq: number;
}

/**
 * Exact cosine search over every live vector, in plain JavaScript: no native addon, so it
 * runs on Cloudflare Workers. A chain's pack is a few thousand chunks, where a linear scan
 * (512-d, ~1 ms per 2,000 chunks) is as fast as a graph index and has no recall loss.
 * Vectors are normalised on insert, as hnswlib's cosine space does.
 */
export class ExactVectorIndex implements VectorIndex {
  private readonly rows = new Map<string, Row>();
  private seq = 0;

  constructor(readonly embedder: Embedder) {}

  get size(): number {
    return this.rows.size;
  }

  async add(chunks: VectorChunk[]): Promise<void> {
    if (chunks.length === 0) return;
    const vectors = await this.embedder.embed(chunks.map((c) => c.text));
    chunks.forEach((c, i) => {
      this.rows.set(c.chunkId, { id: c.chunkId, vector: normalise(vectors[i] ?? []), seq: this.seq++ });
    });
  }

  remove(chunkIds: Iterable<string>): void {
    for (const id of chunkIds) this.rows.delete(id);
  }

  /** Writes `vectors.json` under `dir` (Node only; nothing needs it on Workers). */
  async save(dir: string): Promise<void> {
    const { mkdir, writeFile } = await import('node:fs/promises');
    await mkdir(dir, { recursive: true });
    const rows = [...this.rows.values()].map((r) => ({ id: r.id, vector: Array.from(r.vector) }));
    await writeFile(`${dir}/vectors.json`, JSON.stringify({ embedder: this.embedder.id, rows }));
  }

  async embedQuery(text: string): Promise<number[]> {
    return (await this.embedder.embed([text]))[0] ?? [];
  }

  async search(
    vector: number[],
    k: number,
    accept?: (chunkId: string) => boolean,
  ): Promise<{ id: string; score: number }[]> {
    if (k <= 0 || this.rows.size === 0) return [];
    const q = normalise(vector);
    const scored: { id: string; score: number; seq: number }[] = [];
    for (const r of this.rows.values()) {
      if (accept && !accept(r.id)) continue;
      let dot = 0;
      for (let i = 0; i < q.length; i++) dot += (q[i] ?? 0) * (r.vector[i] ?? 0);
      scored.push({ id: r.id, score: dot, seq: r.seq });
    }
    scored.sort((a, b) => b.score - a.score || a.seq - b.seq);
    return scored.slice(0, k).map(({ id, score }) => ({ id, score }));
  }
}

function normalise(v: ArrayLike<number>): Float32Array {
  let norm = 0;
  for (let i = 0; i < v.length; i++) norm += (v[i] ?? 0) ** 2;
  norm = Math.sqrt(norm) || 1;
  const out = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = (v[i] ?? 0) / norm;
  return out;
}
