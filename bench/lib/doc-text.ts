import { docNames } from '../../src/knowledge/chunk-doc.js';
import type { KnowledgeDoc } from '../../src/ports/knowledge.js';

/**
 * A whole pack document as one plain text for the baselines: its names (title, name,
 * aliases, brand, triggers…), tags, category and every section with its heading. One
 * document = one retrievable unit; no chunking, no linking.
 */
export function wholeDocText(doc: KnowledgeDoc): string {
  const head = [...docNames(doc), ...doc.tags, doc.type === 'product' ? (doc.category ?? '') : ''];
  const body = doc.sections.map((s) => `${s.heading}\n${s.text}`);
  return [...head, ...body].filter(Boolean).join('\n');
}
