import { normalizeText } from '../knowledge/normalize.js';
import type { KnowledgeDoc, ProductDoc } from '../ports/knowledge.js';
import { docLines, sectionByHeading } from './extract-lines.js';
import { focusWords } from './focus.js';
import asksJson from './lexicons/catalogue-asks.json' with { type: 'json' };

const ASKS: string[] = asksJson.asks;
const PATTERNS = asksJson.patterns.map((p) => new RegExp(p, 'u'));

/** True when the question asks the catalogue for products with attributes (有没有 X 的 Y, 推荐哪款). */
export function isCatalogueAsk(question: string): boolean {
  const q = normalizeText(question).replace(/\s+/g, '');
  return ASKS.some((a) => q.includes(a)) || PATTERNS.some((p) => p.test(q));
}

export interface CatalogueHit {
  product: ProductDoc;
  /** The asked attribute words this product's sheet contains. */
  matched: string[];
  sellingLine?: string;
  section?: string;
}

interface DocSearch {
  searchDocs(
    query: string,
    opts?: { types?: KnowledgeDoc['type'][]; k?: number },
  ): { doc: KnowledgeDoc; score: number }[];
}

/**
 * Products that have the asked attributes, best first: every asked word the sheet contains
 * counts one (a product holding all of them comes first), whole-document BM25 breaks ties.
 */
export function findCatalogueProducts(kb: DocSearch, question: string, n = 3): CatalogueHit[] {
  // Attributes sit in every clause (顾客想要刺绣、简约那种上衣，推荐哪款), not only the asking one.
  const words = focusWords(question, []).filter((w) => !ASKS.some((a) => a.includes(w) || w.includes(a)));
  const hits = kb.searchDocs(question, { types: ['product'], k: 60 });
  const top = hits[0]?.score ?? 0;
  const scored = hits.flatMap(({ doc, score }) => {
    if (doc.type !== 'product') return [];
    const text = normalizeText(
      [doc.name, ...doc.aliases, doc.category ?? '', ...doc.sections.map((s) => s.text)].join(' '),
    );
    const matched = words.filter((w) => text.includes(w));
    return [{ product: doc, matched, rank: matched.length + (top > 0 ? (0.5 * score) / top : 0) }];
  });
  scored.sort((a, b) => b.rank - a.rank);
  return scored
    .filter((s) => s.matched.length > 0)
    .slice(0, n)
    .map(({ product, matched }) => {
      const points = sectionByHeading(product, /卖点|特点|亮点|优势/);
      const line = points?.lines[0] ?? docLines(product)[0]?.text;
      return {
        product,
        matched,
        ...(line ? { sellingLine: line } : {}),
        ...(points ? { section: points.heading } : {}),
      };
    });
}
