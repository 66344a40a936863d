import { normalizeText } from '../knowledge/normalize.js';

/**
 * Kinds of facts associates often ask that a pack may simply not record. When the question
 * asks for one, some line of the relevant documents must carry the matching evidence, or
 * the bot declines instead of answering around it.
 */
const FACT_KINDS: { name: string; asks: RegExp; evidence: RegExp }[] = [
  { name: '产地', asks: /哪[里儿]?产|产地|产自|哪里来的|原产|哪国/, evidence: /产地|产自|原产|产区|产于|进口自|来自/ },
  {
    name: '生产厂家',
    asks: /哪个厂|哪家厂|厂家|茶厂|工厂|生产商|制造商|谁做的|谁生产|代工|溯源/,
    evidence: /厂家|工厂|生产商|制造商|出品方|代工|溯源/,
  },
  {
    name: '兼容性',
    asks: /兼容|通用|适配|能装到|装到.{0,8}上|能配.{0,6}用|能不能配/,
    evidence: /兼容|通用|适配|可搭配|可配/,
  },
  { name: '以旧换新', asks: /以旧换新|旧换新|回收旧/, evidence: /以旧换新|回收/ },
  { name: '分期', asks: /分期|免息/, evidence: /分期|免息/ },
  { name: '营业时间', asks: /几点关门|几点开门|营业时间/, evidence: /营业时间|几点/ },
];

/** The fact kind the question asks for, if it is one of the kinds packs often omit. */
export function askedFactKind(question: string): { name: string; evidence: RegExp } | undefined {
  const q = normalizeText(question);
  return FACT_KINDS.find((k) => k.asks.test(q));
}

/** "有没有儿童款 / 有6人的吗 / 有大号吗": the variant asked about, to be checked against the documents. */
export function askedVariant(question: string): string | undefined {
  const q = normalizeText(question).replace(/\s+/g, '');
  const m =
    /有没有([\p{Script=Han}\d]{1,6}?)(?:款|版|号|码|装|色|的)/u.exec(q) ??
    /有([\p{Script=Han}\d]{1,6}?)(?:款|版|号|码|装)的?吗/u.exec(q);
  const v = m?.[1];
  if (!v || /^(这|那|别|其他|别的|什么|啥)$/.test(v)) return undefined;
  return v;
}
