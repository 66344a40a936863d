import type { KnowledgeDoc } from '../ports/knowledge.js';

export interface Chunk {
  id: string;
  docId: string;
  /** Section heading ('' for the document header chunk). */
  section: string;
  /** Text used for indexing (includes the document title for context). */
  indexText: string;
  /** The section's own text. */
  text: string;
}

/** Names and labels of a document: what people call it (used in the header chunk and linking). */
export function docNames(doc: KnowledgeDoc): string[] {
  switch (doc.type) {
    case 'product':
      return [doc.name, ...doc.aliases, doc.title];
    case 'competitor':
      return [doc.brand, doc.product, doc.title];
    case 'script':
      return [doc.title, ...(doc.scenario ? [doc.scenario] : [])];
    case 'playbook':
      return [doc.title, ...doc.triggers];
    case 'faq':
      return [doc.title];
  }
}

/**
 * One chunk for the document header (title, names, tags, category) and one per `##`
 * section, each prefixed with the title so a section is found by its product's name.
 */
export function chunkDoc(doc: KnowledgeDoc): Chunk[] {
  // Names, tags and category once each: repeating them would make the header outrank real content.
  const header = [...new Set([...docNames(doc), ...doc.tags, doc.type === 'product' ? (doc.category ?? '') : ''])]
    .filter(Boolean)
    .join(' ');
  const chunks: Chunk[] = [{ id: `${doc.id}#`, docId: doc.id, section: '', indexText: header, text: header }];
  doc.sections.forEach((s, i) => {
    if (!s.text.trim()) return;
    chunks.push({
      id: `${doc.id}#${i}`,
      docId: doc.id,
      section: s.heading,
      indexText: `${doc.title} ${s.heading}\n${s.text}`,
      text: s.text,
    });
  });
  return chunks;
}
