/**
 * Digit normalisation for the PII finder. Every character maps to exactly one character, so
 * offsets in a normalised text are offsets in the original (all mapped characters are one
 * UTF-16 unit).
 */

/** Chinese numerals people type or dictate into numbers, incl. 幺 (1), 两 (2) and the financial forms. */
const CHINESE_DIGITS: Record<string, string> = {
  〇: '0',
  零: '0',
  '○': '0',
  一: '1',
  壹: '1',
  幺: '1',
  二: '2',
  贰: '2',
  两: '2',
  三: '3',
  叁: '3',
  四: '4',
  肆: '4',
  五: '5',
  伍: '5',
  六: '6',
  陆: '6',
  七: '7',
  柒: '7',
  八: '8',
  捌: '8',
  九: '9',
  玖: '9',
};

const CHINESE_CHARS = Object.keys(CHINESE_DIGITS).join('');
const WIDE = /[\uff10-\uff19]/g;
const CHINESE = new RegExp(`[${CHINESE_CHARS}]`, 'g');
const HAS_CHINESE = new RegExp(`[${CHINESE_CHARS}]`);
const DIGIT_LIKE = new RegExp(`[0-9\\uff10-\\uff19${CHINESE_CHARS}]`, 'g');

/** Separators that may stand between two digits of one number, whitespace excluded. */
export const TIGHT_SEP =
  '[\\-\\u2010-\\u2015\\u2212\\uff0d\\uff5e~.\\uff0e\\u3002\\u00b7\\u30fb\\u2022/\\uff0f\\\\\\uff3c_\\uff3f]';

/**
 * Every separator people put inside numbers: whitespace (incl. NBSP and the ideographic
 * space), dashes and minus signs, dots (ASCII, full-width, 。, middle dots), slashes and
 * backslashes (ASCII and full-width), underscores and tildes.
 */
export const SEP = `(?:[\\s\\u00a0\\u3000]|${TIGHT_SEP})`;

/** Full-width digits become ASCII digits; everything else is unchanged. */
export function normaliseWideDigits(text: string): string {
  return text.replace(WIDE, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** Full-width digits and Chinese numerals become ASCII digits; everything else is unchanged. */
export function normaliseAllDigits(text: string): string {
  return normaliseWideDigits(text).replace(CHINESE, (c) => CHINESE_DIGITS[c] ?? c);
}

/** True when the text has a Chinese numeral (worth a second scan). */
export function hasChineseDigit(text: string): boolean {
  return HAS_CHINESE.test(text);
}

/** How many digit-like characters (ASCII, full-width, Chinese numerals) a text holds. */
export function countDigitLike(text: string): number {
  let n = 0;
  for (const _ of text.matchAll(DIGIT_LIKE)) n++;
  return n;
}
