import { contentWords } from '../knowledge/analyzer.js';
import { CLASSIFIERS, normalizeText, parseChineseNumber } from '../knowledge/normalize.js';
import { syllables } from '../knowledge/pinyin.js';
import type { DocLine } from './extract-lines.js';
import measuresJson from './lexicons/measures.json' with { type: 'json' };
import siblingJson from './lexicons/sibling-descriptions.json' with { type: 'json' };

/** Words that describe the shop-floor situation rather than what is asked. */
const SITUATION = new Set(
  '顾客 客人 客户 阿姨 大姐 大哥 小哥 女士 先生 老人 孩子 小孩 女生 男生 男的 女的 领导 朋友 同事 问 说 想 要 买 拿 带 送 正常 一下 知道 告诉 那件 那盒 那款 这件 这盒 咋接 咋说 怎么说 怎么办 纠结 犹豫'.split(
    ' ',
  ),
);

/** A demonstrative with its classifier (那台, 这双, 哪款): it points, it never asks. */
const POINTING = new RegExp(`它们?|[这那哪][${CLASSIFIERS}]`, 'g');

const RELATION_WORDS = siblingJson.relations
  .flatMap((r) => r.words)
  .sort((a, b) => b.length - a.length)
  .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
/** A relation word that picks a sibling (实惠点那款, 新上的那台): it says which product, not what is asked. */
const DESCRIPTION = new RegExp(`(?:${RELATION_WORDS.join('|')})的?(?=[这那][${CLASSIFIERS}])`, 'g');

/** The question without the words that pick a sibling by description. */
export function stripDescriptions(question: string): string {
  return question.replace(DESCRIPTION, ' ');
}

/**
 * The question with what does not ask blanked out: sibling descriptions, pointing words,
 * entity names and situation words (for a reading that does not rely on segmentation).
 */
export function askedText(question: string, entityNames: string[]): string {
  let t = normalizeText(stripDescriptions(question).replace(POINTING, ' '));
  const names = entityNames.map((n) => normalizeText(n).replace(/\s+/g, '')).filter((n) => n.length >= 2);
  for (const n of [...names, ...SITUATION].sort((a, b) => b.length - a.length)) t = t.split(n).join(' ');
  return t;
}

/** The content words of a question that carry what is asked, minus names of the entities. */
export function focusWords(question: string, entityNames: string[]): string[] {
  const names = entityNames.map((n) => normalizeText(n).replace(/\s+/g, ''));
  // Pronouns glue onto the next word in segmentation (它刷头): they are never what is asked.
  return contentWords(stripDescriptions(question).replace(POINTING, ' ')).filter(
    (w) =>
      !SITUATION.has(w) && !names.some((n) => n.includes(w) || (w.length >= 2 && w.includes(n))) && !/^\d+$/.test(w),
  );
}

const CONCEPTS: { when: string[]; answeredBy: string[] }[] = measuresJson.concepts;

/**
 * What measurement and money words in a question look like in a product sheet (多少斤 is
 * answered by a line with kg, 几码 by a size chart): `lexicons/measures.json`.
 */
export function expansions(word: string): string[] {
  const w = word.toLowerCase();
  return [word, ...CONCEPTS.filter((c) => c.when.includes(w)).flatMap((c) => c.answeredBy)];
}

/** Each dimension's units with their size in its smallest unit (`lexicons/measures.json`). */
const AMOUNT_DIMENSIONS = measuresJson.dimensions.map((d) => ({
  name: d.name,
  factors: Object.fromEntries(Object.entries(d.factors).filter((e): e is [string, number] => typeof e[1] === 'number')),
}));
const DIMENSIONS: string[][] = AMOUNT_DIMENSIONS.map((d) => Object.keys(d.factors));

/**
 * A number asked with its unit (七斤半, 55平, 两岁) asks along that unit's dimension: a pattern
 * that finds any number in that dimension in a line. Undefined for a counting word (一罐).
 */
export function measureOf(word: string): RegExp | undefined {
  const unit = /^[\d二两三四五六七八九十百千半.]+([\p{Script=Han}a-z²]{1,3}?)半?$/iu.exec(word)?.[1]?.toLowerCase();
  if (!unit) return undefined;
  const units = DIMENSIONS.find((d) => d.includes(unit)) ?? [unit];
  const alt = [...units].sort((x, y) => y.length - x.length).map((u) => u.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`\\d\\s*(?:个)?(?:${alt.join('|')})`, 'i');
}

/**
 * Measures asked with a wh-word and a unit (多少g, 几斤, 多少毫安): each is answered by any
 * number in that unit's dimension.
 */
export function askedMeasures(question: string): { asked: string; re: RegExp }[] {
  const out: { asked: string; re: RegExp }[] = [];
  for (const m of normalizeText(question).matchAll(/(?:多少|几)\s*([a-z²]+|\p{Script=Han}{1,3})/gu)) {
    const after = m[1] ?? '';
    const unit = DIMENSIONS.flat()
      .filter((u) => after.startsWith(u) && (!/^[a-z]/.test(u) || after === u))
      .sort((a, b) => b.length - a.length)[0];
    const re = unit ? measureOf(`1${unit}`) : undefined;
    if (re && unit) out.push({ asked: m[0].replace(after, unit), re });
  }
  return out;
}

/** How much of the focus a line covers: exact word, same pinyin (homophone typo), or a shared character bigram. */
export function lineScore(line: string, focus: string[]): number {
  const spaced = normalizeText(line);
  // Both spellings: "A 醇" in a sheet is "A醇" in a question.
  const norm = `${spaced} ${spaced.replace(/\s+/g, '')}`;
  const syl = ` ${syllables(norm.replace(/\s+/g, '')).join(' ')} `;
  let score = 0;
  for (const w of focus) {
    const chars = Array.from(w);
    if (norm.includes(w)) score += chars.length >= 2 ? 1 : 0.4;
    else if (
      expansions(w)
        .slice(1)
        .some((x) => norm.includes(x))
    )
      score += 0.7;
    else if (chars.length >= 2 && syl.includes(` ${syllables(w).join(' ')} `)) score += 0.8;
    else if (chars.length >= 2) {
      let shared = 0;
      for (let i = 0; i + 1 < chars.length; i++) if (norm.includes(`${chars[i]}${chars[i + 1]}`)) shared++;
      if (shared > 0) score += 0.5 * (shared / (chars.length - 1));
      else if (chars.some((c) => /\p{Script=Han}/u.test(c) && norm.includes(c))) score += 0.15;
    }
  }
  return score;
}

/** The best lines for the focus, best first, skipping lines with no overlap. */
export function bestLines(lines: DocLine[], focus: string[], n: number): (DocLine & { score: number })[] {
  return lines
    .map((l) => ({ ...l, score: lineScore(l.section ? `${l.section} ${l.text}` : l.text, focus) }))
    .filter((l) => l.score > 0.3)
    .sort((a, b) => b.score - a.score)
    .slice(0, n);
}

/** SI symbols keep their case (g gram, m metre, h hour; L litre, W watt, V volt): 5G is a network, not five grams. */
const SI_CASE: Record<string, string> = { g: 'g', m: 'm', h: 'h', l: '[lL]', w: '[wW]', v: '[vV]' };
const UNIT_ALT = DIMENSIONS.flat()
  .sort((a, b) => b.length - a.length)
  .map((u) =>
    /^[a-z]/i.test(u)
      ? `${SI_CASE[u] ?? Array.from(u, (c) => (/[a-z]/i.test(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c)).join('')}(?![a-zA-Z])`
      : u.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
  )
  .join('|');
const NUM = '\\d+(?:\\.\\d+)?|[零一二两三四五六七八九十百千]+';
/** 2米2, 七斤半, 1.5升, 36–62 平米: a number (or range) with its unit and an optional tenth or half after the unit. */
const AMOUNT = new RegExp(
  `(${NUM})\\s*(?:(?:${UNIT_ALT})?\\s*[-~～–—至到]\\s*(${NUM}))?\\s*(${UNIT_ALT})([一二两三四五六七八九\\d](?![\\d.]))?(半)?(多|几|左右|以[上下内])?`,
  'gu',
);
export interface Amount {
  dimension: string;
  /** In the dimension's smallest unit; a range when `max` is above `min`. */
  min: number;
  max: number;
  /** 两百多斤, 一米九几, 50 克以上: an estimate or a bound, not an amount to look up. */
  approximate: boolean;
}

/** The amounts a text states or asks, in each dimension's smallest unit (`lexicons/measures.json`). */
export function amountsIn(text: string): Amount[] {
  const out: Amount[] = [];
  // NFKC (㎡ → m2, full-width digits) but not lower-cased: the case of a unit symbol matters.
  for (const m of text.normalize('NFKC').matchAll(AMOUNT)) {
    const [, a, b, unitRaw, tenth, half, approx] = m;
    // 多少钱一斤, 几块一g: 一 + unit is a rate, not an amount.
    if (a === '一' && !b && !tenth && !half) continue;
    const unit = (unitRaw ?? '').toLowerCase();
    const dim = AMOUNT_DIMENSIONS.find((d) => unit in d.factors);
    const x = parseChineseNumber(a ?? '');
    if (!dim || x === undefined) continue;
    const factor = dim.factors[unit] ?? 1;
    // 2米2, 1米8: a digit after a Chinese unit is its tenth.
    const extra = (tenth && !/^[a-z]/.test(unit) ? (parseChineseNumber(tenth) ?? 0) / 10 : 0) + (half ? 0.5 : 0);
    const y = b ? parseChineseNumber(b) : undefined;
    const lo = (x + (y === undefined ? extra : 0)) * factor;
    const hi = y === undefined ? lo : (y + extra) * factor;
    out.push({ dimension: dim.name, min: Math.min(lo, hi), max: Math.max(lo, hi), approximate: Boolean(approx) });
  }
  return out;
}

/**
 * True when an exact amount is asked (1.5升的, 2米2长) in a dimension the evidence states
 * amounts in, and no stated amount or range holds it: a size or spec the pack does not offer.
 */
export function amountNotStated(askedText: string, evidence: string[]): boolean {
  const asked = amountsIn(askedText).filter((a) => !a.approximate);
  if (!asked.length) return false;
  const stated = evidence.flatMap(amountsIn);
  return asked.some((a) => {
    const same = stated.filter((s) => s.dimension === a.dimension);
    return same.length > 0 && !same.some((s) => a.min >= s.min * 0.97 && a.max <= s.max * 1.03);
  });
}
