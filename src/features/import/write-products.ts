import { toKnowledgeDoc } from '../../knowledge/to-knowledge-doc.js';
import type { KnowledgeDoc } from '../../ports/knowledge.js';
import type { PackWriter } from '../../ports/pack-writer.js';
import type { ImportRow } from './product-rows.js';

/** Where imported products go: the pack folder, and the running knowledge base when there is one. */
export interface ImportTarget {
  pack?: PackWriter;
  knowledge: { get(id: string): KnowledgeDoc | undefined; upsert?(doc: KnowledgeDoc): Promise<void> };
}

/**
 * Writes the valid rows of a preview into the pack (`products/<id>.md`, or the file of the
 * product it replaces) and indexes each at once when a knowledge base is running.
 */
export async function writeProducts(
  target: ImportTarget,
  rows: ImportRow[],
): Promise<{ written: number; ids: string[] }> {
  if (!target.pack) throw new Error('the knowledge pack is read-only here; nothing was imported');
  const ids: string[] = [];
  for (const row of rows) {
    if (row.errors.length || !row.markdown) continue;
    const existing = target.knowledge.get(row.id);
    const path = existing?.type === 'product' && existing.path ? existing.path : `products/${row.id}.md`;
    const doc = toKnowledgeDoc(row.markdown, path);
    if ('reason' in doc) continue;
    await target.pack.write(path, row.markdown);
    await target.knowledge.upsert?.(doc);
    ids.push(row.id);
  }
  return { written: ids.length, ids };
}
