import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pickDistinct } from './prng.js';

/** One AdvertiseGen row: its attributes (`key#value`, in order, a key may repeat) and the selling copy. */
export interface AgProduct {
  id: string;
  category: string;
  attrs: { key: string; value: string }[];
  copy: string;
}

export interface AgQuery {
  productId: string;
  text: string;
  /** Products whose attribute set is a superset of the query's attributes. */
  relevant: Set<string>;
}

/** Keys that say what the garment is (most specific first), then material and colour. */
const NAME_KEYS = ['衣样式', '裙型', '裤型', '裙长', '裤长', '衣长', '材质', '颜色'];
const NAME_PARTS = 3;

const attrKey = (a: { key: string; value: string }) => `${a.key}#${a.value}`;

/** Reads `dev.json` (one JSON object a line); product ids are `ag-<line number>` (1-based). */
export async function readAdvertiseGen(file: string): Promise<AgProduct[]> {
  const lines = (await readFile(file, 'utf8')).split('\n');
  const out: AgProduct[] = [];
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    const row = JSON.parse(line) as { content: string; summary: string };
    const attrs = row.content.split('*').map((pair) => {
      const at = pair.indexOf('#');
      return { key: pair.slice(0, at).trim(), value: pair.slice(at + 1).trim() };
    });
    const category = attrs.find((a) => a.key === '类型')?.value ?? '';
    out.push({ id: `ag-${i + 1}`, category, attrs, copy: row.summary });
  });
  return out;
}

/**
 * "上衣 外套 牛仔布 白色": the category and its most specific attributes. Garment form,
 * material and colour come first (what a shop calls an item); the rest is filled with the
 * product's rarest attribute values across the data set, so no product is named by its
 * category alone. `rarity` maps `key#value` to its count over all products.
 */
export function productName(p: AgProduct, rarity: ReadonlyMap<string, number>): string {
  const parts: string[] = [];
  const add = (value: string) => {
    if (parts.length < NAME_PARTS && value !== p.category && !parts.includes(value)) parts.push(value);
  };
  for (const key of NAME_KEYS) for (const a of p.attrs) if (a.key === key) add(a.value);
  const rest = p.attrs
    .filter((a) => a.key !== '类型')
    .sort((a, b) => (rarity.get(attrKey(a)) ?? 0) - (rarity.get(attrKey(b)) ?? 0));
  for (const a of rest) add(a.value);
  return [p.category, ...parts].join(' ');
}

/** How many products hold each `key#value`. */
export function attributeCounts(products: AgProduct[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const p of products) for (const k of new Set(p.attrs.map(attrKey))) counts.set(k, (counts.get(k) ?? 0) + 1);
  return counts;
}

/** The product as a pack file (front matter per knowledge-format v1). */
export function productMarkdown(p: AgProduct, rarity: ReadonlyMap<string, number>): string {
  const name = productName(p, rarity);
  const specs = p.attrs.map((a) => `- ${a.key}：${a.value}`);
  return [
    '---',
    `id: ${p.id}`,
    'type: product',
    `title: ${JSON.stringify(name)}`,
    `name: ${JSON.stringify(name)}`,
    'aliases: []',
    `category: ${JSON.stringify(p.category)}`,
    '---',
    '',
    '## 规格参数',
    '',
    ...specs,
    '',
    '## 卖点',
    '',
    p.copy,
    '',
  ].join('\n');
}

/** Writes the products as a pack under `dir/products/`. */
export async function writeAdvertiseGenPack(products: AgProduct[], dir: string): Promise<void> {
  await mkdir(join(dir, 'products'), { recursive: true });
  const rarity = attributeCounts(products);
  await Promise.all(products.map((p) => writeFile(join(dir, 'products', `${p.id}.md`), productMarkdown(p, rarity))));
}

/**
 * One query per product: its 类型 plus two random other attribute values (fewer when the
 * product has fewer). Relevant = every product holding all of the query's attributes.
 */
export function makeQueries(products: AgProduct[], random: () => number): AgQuery[] {
  const sets = products.map((p) => ({ id: p.id, attrs: new Set(p.attrs.map(attrKey)) }));
  return products.map((p) => {
    const others = [...new Map(p.attrs.filter((a) => a.key !== '类型').map((a) => [attrKey(a), a])).values()];
    const picked = pickDistinct(others, 2, random);
    const wanted = [`类型#${p.category}`, ...picked.map(attrKey)];
    const relevant = new Set(sets.filter((s) => wanted.every((w) => s.attrs.has(w))).map((s) => s.id));
    return { productId: p.id, text: [p.category, ...picked.map((a) => a.value)].join(' '), relevant };
  });
}
