import type { Embedder } from '../ports/embedder.js';
import type { KnowledgeDoc, PackIssue } from '../ports/knowledge.js';
import { ExactVectorIndex } from './exact-vector-index.js';
import { HybridKnowledgeBase } from './hybrid-knowledge-base.js';
import type { ComplianceIssue } from './open-knowledge-base.js';

/**
 * A knowledge pack validated and parsed at build time, for runtimes without a file system
 * (Cloudflare Workers): the documents as the loader produced them, plus its report.
 */
export interface CompiledPack {
  format: 'daogou-pack/1';
  /** sha256 of the documents, so /health can name the pack a Worker serves. */
  fingerprint: string;
  docs: KnowledgeDoc[];
  issues: PackIssue[];
  /** Advertising-Law findings at build time. */
  compliance: ComplianceIssue[];
}

export interface OpenCompiledOptions {
  embedder: Embedder;
  now?: () => number;
}

/**
 * Builds the in-memory hybrid index from compiled documents, through the same
 * HybridKnowledgeBase as on Node, with the exact pure-JS vector search. The segmenter and
 * pinyin source are whatever the entry installed (`useTokenizer`, `usePinyinSource`).
 */
export async function openCompiledPack(pack: CompiledPack, opts: OpenCompiledOptions): Promise<HybridKnowledgeBase> {
  const kb = new HybridKnowledgeBase(new ExactVectorIndex(opts.embedder), opts.now);
  await kb.addAll(pack.docs);
  return kb;
}
