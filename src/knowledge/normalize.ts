/** NFKC (full-width → half-width), lower-case, collapsed whitespace. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

const HAN = /\p{Script=Han}/u;

export function isHan(ch: string): boolean {
  return HAN.test(ch);
}

/** True for a token worth indexing: has a letter, digit or Han character. */
export function isContentToken(token: string): boolean {
  return /[\p{L}\p{N}]/u.test(token);
}

/**
 * Mandarin classifiers (量词) that follow a demonstrative when an associate points at a product
 * (那台, 这双, 那盘): standard grammar, shared by everything that tells pointing from naming.
 */
export const CLASSIFIERS = '台件双条张只瓶罐袋包盒支套款个种位把副块根盘杯碗片粒顶辆部枚对';

/** Function words and question particles that carry no topic (kept small and generic). */
export const STOPWORDS = new Set(
  (
    '的 了 吗 呢 吧 啊 呀 哦 嘛 么 是 不 在 有 和 与 跟 及 或 也 都 就 还 又 很 太 更 最 这 那 这个 那个 这款 那款 这种 那种 ' +
    '一个 一下 个 款 件 些 啥 什么 咋 怎么 怎样 怎么样 咋样 如何 多少 几 哪 哪个 哪些 哪里 吧 能 会 要 想 给 让 把 被 对 ' +
    '我 你 他 她 它 我们 你们 他们 咱 咱们 咱家 人家 顾客 客人 客户 说 问 一 上 下 里 中 时 用 说是 说的 下来 可以 能不能 行不 ' +
    '不行 行 没 没有 有没有 是不是 对不对 到底 现在 还是 然后 就是 已经 一直 可能 应该 比较 非常 特别 真的 这边 那边 '
  )
    .split(/\s+/)
    .filter(Boolean),
);

const CN_DIGIT: Record<string, number> = {
  零: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const CN_UNIT: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** 16, 1.5, 十六, 两百, 三十五 → a number; undefined when the text is not one. */
export function parseChineseNumber(s: string): number | undefined {
  if (/^\d+(?:\.\d+)?$/.test(s)) return Number(s);
  if (!s) return undefined;
  let total = 0;
  let digit = 0;
  for (const c of s) {
    const unit = CN_UNIT[c];
    if (unit) {
      total += (digit || 1) * unit;
      digit = 0;
    } else if (c in CN_DIGIT) digit = CN_DIGIT[c] ?? 0;
    else return undefined;
  }
  return total + digit;
}
