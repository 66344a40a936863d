import { normalizeText } from '../knowledge/normalize.js';
import type { KnowledgeDoc, ProductDoc } from '../ports/knowledge.js';
import { docLines, sectionByHeading } from './extract-lines.js';
import { focusWords } from './focus.js';
import asksJson from './lexicons/catalogue-asks.json' with { type: 'json' };
import { generalTag } from './spell/create-speller.js';

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

/**
 * The item a catalogue ask wants when the pack carries nothing of the kind: the first thing
 * asked for is named nowhere in the pack (有kindle吗), or none of the asked nouns is in any
 * product's name, aliases, category or tags and one of them is in no product document at all
 * (有没有宠物烘干箱 in a shop without pet goods). Undefined otherwise.
 */
export function notCarried(kb: ProductSource, question: string): string | undefined {
  // Only an ask whether something is carried (有没有…, 有…吗, 有卖…); 推荐/适合 ask about what is.
  if (!EXISTENCE.test(normalizeText(question).replace(/\s+/g, ''))) return undefined;
  const nouns = askedNouns(question);
  if (nouns.length === 0) return undefined;
  const { surfaces, bodies } = productTexts(kb);
  const nowhere = (w: string) => !surfaces.some((s) => s.includes(w)) && !bodies.some((b) => b.includes(w));
  // The thing asked for first (有kindle吗) is named nowhere in the pack.
  // Only a real word: a Latin name, or a word of general Chinese (not a glued segmentation like 嘻哈潮).
  const first = nouns.find((w) => Array.from(w).length >= 2);
  if (first && (/^[a-z0-9]+$/.test(first) || generalTag(first) !== undefined) && nowhere(first)) return first;
  if (nouns.some((w) => surfaces.some((s) => s.includes(w)))) return undefined;
  return nouns.find((w) => Array.from(w).length >= 2 && !bodies.some((b) => b.includes(w)));
}

interface ProductSource {
  readonly version: number;
  products(): ProductDoc[];
}

const textCache = new WeakMap<object, { version: number; surfaces: string[]; bodies: string[] }>();

/** Every product's names (name, aliases, category, tags) and body, normalized once per pack version. */
function productTexts(kb: ProductSource): { surfaces: string[]; bodies: string[] } {
  const hit = textCache.get(kb);
  if (hit && hit.version === kb.version) return hit;
  const products = kb.products();
  const texts = {
    version: kb.version,
    surfaces: products.map((p) =>
      normalizeText([p.name, ...p.aliases, p.category ?? '', ...p.tags].join(' ')).replace(/\s+/g, ''),
    ),
    bodies: products.map((p) => normalizeText(p.sections.map((s) => s.text).join(' '))),
  };
  textCache.set(kb, texts);
  return texts;
}

const EXISTENCE = /有没有|有没|有木有|有卖|有货|有.{1,12}(?:吗|没|么)/u;

/** Nouns (or words general Chinese does not know, such as a brand) of the asking clauses (裙 counts: a category may be one character). */
function askedNouns(question: string): string[] {
  const q = question.replace(/顾客|客人|宝妈|咱店|本店|店里|门店|咱们?|我们/g, ' ');
  return focusWords(q, []).filter((w) => {
    if (ASKS.some((a) => a.includes(w) || w.includes(a))) return false;
    if (/^(?:多|几|哪|什么|啥)/.test(w)) return false;
    const tag = generalTag(w);
    return tag === undefined || tag.startsWith('n');
  });
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
