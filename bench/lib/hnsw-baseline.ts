import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import { Document } from '@langchain/core/documents';
import { Embeddings } from '@langchain/core/embeddings';
import type { Embedder } from '../../src/ports/embedder.js';
import type { KnowledgeDoc } from '../../src/ports/knowledge.js';
import type { RankedRetriever } from './baseline.js';
import { wholeDocText } from './doc-text.js';

class EmbedderAdapter extends Embeddings {
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

/**
 * Dense-only baseline: LangChain's HNSWLib store (cosine) with the same embedder as ours,
 * one vector per whole document. Build time includes embedding the documents.
 */
export async function buildHnswBaseline(docs: KnowledgeDoc[], embedder: Embedder): Promise<RankedRetriever> {
  const start = performance.now();
  const store = new HNSWLib(new EmbedderAdapter(embedder), { space: 'cosine', numDimensions: embedder.dimensions });
  await store.addDocuments(docs.map((d) => new Document({ pageContent: wholeDocText(d), metadata: { id: d.id } })));
  const buildMs = performance.now() - start;
  return {
    name: 'HNSWLib (LangChain)',
    buildMs,
    async search(query, k) {
      const hits = await store.similaritySearchWithScore(query, Math.min(k, docs.length));
      return hits.map(([doc]) => String(doc.metadata.id));
    },
  };
}
