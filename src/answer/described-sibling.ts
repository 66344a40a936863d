import { normalizeText } from '../knowledge/normalize.js';
import type { ProductDoc } from '../ports/knowledge.js';
import { amountsIn } from './focus.js';
import lexicon from './lexicons/sibling-descriptions.json' with { type: 'json' };

type Order = 'price' | 'size' | 'weight' | 'newness';
interface Relation {
  order: Order;
  direction: 'lower' | 'higher';
  words: string[];
}
const RELATIONS = lexicon.relations as Relation[];

/** The relation a text describes: 小一号的, 便宜点 — not 多大的 (how big), which asks. */
function relationIn(q: string): Relation | undefined {
  return RELATIONS.find((r) =>
    r.words.some((w) =>
      q
        .split(w)
        .slice(0, -1)
        .some((before) => !/[多几]$/.test(before)),
    ),
  );
}

/** The first number in a product's name or aliases (5L, 46mm, 160ml): its size or capacity. */
function sizeOf(p: ProductDoc): number | undefined {
  for (const s of [p.name, ...p.aliases]) {
    const m = /(\d+(?:\.\d+)?)\s*(?:l|ml|mm|cm|m|寸|人|kg|g|升|斤|码)/i.exec(s);
    if (m?.[1]) return Number(m[1]);
  }
  return undefined;
}

/** A weight written in the sheet (重量 1.2kg, 净重 450g, 约 3 斤), in grams: the first weight amount in a line naming 重. */
function weightOf(p: ProductDoc): number | undefined {
  for (const s of p.sections)
    for (const line of s.text.split('\n')) {
      if (!line.includes('重')) continue;
      const w = amountsIn(line.slice(line.indexOf('重'))).find((a) => a.dimension === 'weight');
      if (w) return w.min;
    }
  return undefined;
}

function newnessOf(p: ProductDoc): number | undefined {
  const launch = p.launchDate ? Date.parse(p.launchDate) : Number.NaN;
  if (!Number.isNaN(launch)) return launch + (p.status === 'new' ? 1e13 : 0);
  return p.status === 'new' ? 1e13 : p.status === 'discontinued' ? -1 : 0;
}

const VALUE: Record<Order, (p: ProductDoc) => number | undefined> = {
  price: (p) => p.price,
  size: sizeOf,
  weight: weightOf,
  newness: newnessOf,
};

/**
 * The sibling (same category) of `current` that a description points at: 小一号的 → the
 * next smaller, 便宜点的 → the next cheaper, 新到的 → the newest. Undefined when the text
 * describes no relation or no sibling fits.
 */
export function describedSibling(text: string, current: ProductDoc, products: ProductDoc[]): ProductDoc | undefined {
  const q = normalizeText(text).replace(/\s+/g, '');
  const rel = relationIn(q);
  if (!rel || !current.category) return undefined;
  const value = VALUE[rel.order];
  const siblings = products.filter((p) => p.id !== current.id && p.category === current.category);
  const mine = value(current);
  let scored = siblings
    .map((p) => ({ p, v: value(p), near: sharedBigrams(current.name, p.name) }))
    .filter((x): x is { p: ProductDoc; v: number; near: number } => x.v !== undefined)
    .filter((x) => mine === undefined || (rel.direction === 'lower' ? x.v < mine : x.v > mine));
  // The same line first: of the siblings that fit, those whose name shares most with the current one's (暮光盘 for 落日盘, not a lipstick).
  const nearest = Math.max(0, ...scored.map((x) => x.near));
  scored = scored.filter((x) => x.near === nearest);
  // 便宜点/小一号 is the next one along; 新出的 is the newest.
  const extreme = rel.order === 'newness';
  scored.sort((a, b) => (rel.direction === 'lower' ? b.v - a.v : a.v - b.v) * (extreme ? -1 : 1));
  return scored[0]?.p;
}

/** How many character bigrams two names share. */
function sharedBigrams(a: string, b: string): number {
  const grams = (t: string) => {
    const c = Array.from(normalizeText(t).replace(/\s+/g, ''));
    return new Set(c.slice(0, -1).map((x, i) => `${x}${c[i + 1]}`));
  };
  const other = grams(b);
  return [...grams(a)].filter((g) => other.has(g)).length;
}

/** What a product is called and tagged: where an associate's describing word (格纹的, 宽松一点) is found. */
/** A product's name, aliases and tags as one compact text (what an attribute word is looked up in). */
export function productSurface(p: ProductDoc): string {
  return normalizeText([p.name, ...p.aliases, ...p.tags].join(' ')).replace(/\s+/g, '');
}

/**
 * The sibling (same category) that a describing word in a follow-up points at (那格纹的那款,
 * 宽松一点那条): of the words asked, those found in a sibling's name, aliases or tags and not
 * in the current product's. Only one sibling may fit; a tie names none.
 */
export function siblingByAttribute(
  words: string[],
  current: ProductDoc,
  products: ProductDoc[],
): ProductDoc | undefined {
  if (!current.category || words.length === 0) return undefined;
  const mine = productSurface(current);
  // A word matches whole, or by its characters apart (布的 ~ 布艺); a number with its unit only whole (50分, 1.8).
  const has = (text: string, w: string) =>
    text.includes(w) || (Array.from(w).length === 1 || /\d/.test(w) ? false : [...w].every((c) => text.includes(c)));
  const scored = products
    .filter((p) => p.id !== current.id && p.category === current.category)
    .map((p) => {
      const text = productSurface(p);
      return { p, score: words.filter((w) => has(text, w) && !has(mine, w)).length };
    })
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score);
  const [first, second] = scored;
  return first && (!second || second.score < first.score) ? first.p : undefined;
}

/**
 * The product a description picks among those of a kind named in the text (新上的那台洗碗机,
 * 实惠点那个电饭煲): the products whose name, aliases, category or tags hold one of `nouns`
 * (the noun naming most of them, at least two), ordered by the relation; the extreme one.
 */
export function describedInKind(text: string, nouns: string[], products: ProductDoc[]): ProductDoc | undefined {
  const q = normalizeText(text).replace(/\s+/g, '');
  const rel = relationIn(q);
  if (!rel) return undefined;
  const groups = nouns
    .filter((n) => Array.from(n).length >= 2)
    .map((n) => products.filter((p) => productSurface(p).includes(n)))
    .filter((g) => g.length >= 2)
    .sort((a, b) => b.length - a.length);
  const group = groups[0];
  if (!group) return undefined;
  const value = VALUE[rel.order];
  const scored = group
    .map((p) => ({ p, v: value(p) }))
    .filter((x): x is { p: ProductDoc; v: number } => x.v !== undefined)
    .sort((a, b) => (rel.direction === 'lower' ? a.v - b.v : b.v - a.v));
  const [first, second] = scored;
  return first && (!second || second.v !== first.v) ? first.p : undefined;
}
