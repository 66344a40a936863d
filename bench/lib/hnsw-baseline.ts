import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import { Document } from '@langchain/core/documents';
import { PortEmbeddings } from '../../src/knowledge/dense-index.js';
import type { Embedder } from '../../src/ports/embedder.js';
import type { KnowledgeDoc } from '../../src/ports/knowledge.js';
import type { RankedRetriever } from './baseline.js';
import { wholeDocText } from './doc-text.js';

/**
 * Dense-only baseline: LangChain's HNSWLib store (cosine) with the same embedder as ours,
 * one vector per whole document. Build time includes embedding the documents.
 */
export async function buildHnswBaseline(docs: KnowledgeDoc[], embedder: Embedder): Promise<RankedRetriever> {
  const start = performance.now();
  const store = new HNSWLib(new PortEmbeddings(embedder), { space: 'cosine', numDimensions: embedder.dimensions });
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
