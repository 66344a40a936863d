import type { Services } from '../../core/services.js';
import { toKnowledgeDoc } from '../../knowledge/to-knowledge-doc.js';
import type { ImportRow } from './product-rows.js';

/**
 * Writes the valid rows of a preview into the pack (`products/<id>.md`, replacing a product
 * with the same id where it lives) and indexes each at once. Returns how many were written.
 */
export async function writeProducts(
  services: Services,
  rows: ImportRow[],
): Promise<{ written: number; ids: string[] }> {
  if (!services.pack) throw new Error('the knowledge pack is read-only here; nothing was imported');
  const ids: string[] = [];
  for (const row of rows) {
    if (row.errors.length || !row.markdown) continue;
    const existing = services.knowledge.get(row.id);
    const path = existing?.type === 'product' && existing.path ? existing.path : `products/${row.id}.md`;
    const doc = toKnowledgeDoc(row.markdown, path);
    if ('reason' in doc) continue;
    await services.pack.write(path, row.markdown);
    await services.knowledge.upsert(doc);
    ids.push(row.id);
  }
  return { written: ids.length, ids };
}
