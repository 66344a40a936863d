import MiniSearch from 'minisearch';
import { contentWords } from '../../src/knowledge/analyzer.js';
import type { KnowledgeDoc } from '../../src/ports/knowledge.js';
import type { RankedRetriever } from './baseline.js';
import { wholeDocText } from './doc-text.js';

/**
 * Plain BM25 baseline: MiniSearch 7 (BM25+, default parameters, OR query, no prefix or
 * fuzzy matching) over whole documents, tokenized with the engine's own jieba tokenizer
 * (`contentWords`), so the difference to ours is the retrieval design, not the tokenizer.
 */
export function buildBm25Baseline(docs: KnowledgeDoc[]): RankedRetriever {
  const start = performance.now();
  const index = new MiniSearch<{ id: string; text: string }>({
    fields: ['text'],
    tokenize: (text) => contentWords(text),
    processTerm: (term) => term,
  });
  index.addAll(docs.map((d) => ({ id: d.id, text: wholeDocText(d) })));
  const buildMs = performance.now() - start;
  return {
    name: 'BM25 (MiniSearch+jieba)',
    buildMs,
    async search(query, k) {
      return index
        .search(query)
        .slice(0, k)
        .map((r) => String(r.id));
    },
  };
}
