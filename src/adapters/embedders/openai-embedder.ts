import OpenAI from 'openai';
import type { Embedder } from '../../ports/embedder.js';

export interface OpenAiEmbedderOptions {
  baseURL: string;
  apiKey?: string;
  model: string;
  /** Vector size; discovered from the first response when not given. */
  dimensions?: number;
  timeoutMs?: number;
  batchSize?: number;
}

/** Any OpenAI-compatible `/embeddings` endpoint (OpenAI, DeepSeek, Qwen, vLLM, Ollama) by base URL. */
export async function createOpenAiEmbedder(opts: OpenAiEmbedderOptions): Promise<Embedder> {
  const client = new OpenAI({
    baseURL: opts.baseURL,
    apiKey: opts.apiKey ?? 'not-needed',
    timeout: opts.timeoutMs ?? 30_000,
    maxRetries: 2,
  });
  const batch = opts.batchSize ?? 64;
  async function embed(texts: string[]): Promise<number[][]> {
    const out: number[][] = [];
    for (let i = 0; i < texts.length; i += batch) {
      const res = await client.embeddings.create({ model: opts.model, input: texts.slice(i, i + batch) });
      const sorted = [...res.data].sort((a, b) => a.index - b.index);
      for (const d of sorted) out.push(d.embedding as number[]);
    }
    return out;
  }
  const dimensions = opts.dimensions ?? (await embed(['维度探测']))[0]?.length ?? 0;
  if (!dimensions) throw new Error(`Embedding model ${opts.model} at ${opts.baseURL} returned an empty vector`);
  return { id: `openai:${opts.model}:${dimensions}`, dimensions, semantic: true, embed };
}
