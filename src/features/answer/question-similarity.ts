import { syllables } from '../../knowledge/pinyin.js';

/**
 * Rewrites that make light paraphrases of one question read alike. Each is a family of
 * interchangeable wordings an associate uses for the same thing, mapped to one canonical form.
 */
const SYNONYMS: [RegExp, string][] = [
  [/可不可以|能不能|能否|可否|能够|可以|行不行|好不好使/g, '能'],
  [/多少钱|什么价格?|啥价格?|价格是多少|价格多少|价位|几块钱|卖多少/g, '价格'],
  [/怎么样|咋样|如何|怎样|好不好/g, '怎样'],
  [/怎么办|咋办|如何处理|怎么处理|该怎么弄/g, '怎么办'],
  [/为什么|为啥|咋回事/g, '为什么'],
  [/什么|啥/g, '啥'],
  [/有没有|有无|是否有/g, '有'],
  [/是不是|是否/g, '是'],
  [/需要|得要/g, '要'],
  [/孕妇|孕期|怀孕的人|怀孕/g, '孕妇'],
];

// Openers and particles that do not change what is asked.
const OPENERS =
  /^(?:请问一下|请问|想问一下|想问下|问一下|问下|我想知道|我想问|顾客问|客人问|客户问|顾客想知道|有顾客问)/;
const FILLER = /[吗呢啊呀吧嘛哦哈么啦的了]/g;
const NOT_CONTENT = /[^\p{L}\p{N}]/gu;

/** Normalises a question for matching: NFKC, lower case, synonyms, no openers, particles or punctuation. */
export function normalizeQuestion(text: string): string {
  let s = text.normalize('NFKC').toLowerCase().replace(NOT_CONTENT, '');
  s = s.replace(OPENERS, '');
  for (const [re, to] of SYNONYMS) s = s.replace(re, to);
  return s.replace(FILLER, '');
}

function bigrams(units: string[]): Map<string, number> {
  const out = new Map<string, number>();
  const list = units.length === 1 ? units : units.slice(0, -1).map((u, i) => `${u}\u0001${units[i + 1]}`);
  for (const g of list) out.set(g, (out.get(g) ?? 0) + 1);
  return out;
}

/**
 * Bigram overlap (0..1): the mean of the Sørensen–Dice coefficient (penalises any extra
 * words) and the overlap coefficient (shared / shorter; forgives an inserted word such as
 * 晚上 in 门店晚上几点关门).
 */
function overlap(a: string[], b: string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const x = bigrams(a);
  const y = bigrams(b);
  let common = 0;
  let nx = 0;
  let ny = 0;
  for (const n of x.values()) nx += n;
  for (const [g, n] of y) {
    ny += n;
    common += Math.min(n, x.get(g) ?? 0);
  }
  return ((2 * common) / (nx + ny) + common / Math.min(nx, ny)) / 2;
}

/**
 * Similarity of two normalised questions (0..1): the better of the character-bigram and the
 * toneless-pinyin-bigram overlaps, so a homophone typo (保修/包修) costs nothing.
 */
export function questionSimilarity(a: string, b: string): number {
  if (!a || !b) return 0;
  if (a === b) return 1;
  return Math.max(overlap(Array.from(a), Array.from(b)), overlap(syllables(a), syllables(b)));
}
