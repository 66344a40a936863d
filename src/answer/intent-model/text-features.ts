import { normalizeText } from '../../knowledge/normalize.js';
import { syllables } from '../../knowledge/pinyin.js';

/**
 * Bag of features of one utterance for the intent model: character 1–3-grams of the
 * compacted text (digits folded to `0`, Latin letters lower-cased) and toneless-pinyin
 * syllable 1–2-grams, so a homophone typo (推货 for 退货) shares features with the right word.
 * Pure and pack-independent.
 */
export function textFeatures(text: string): string[] {
  const t = normalizeText(text)
    .replace(/\d/g, '0')
    .replace(/0{2,}/g, '00')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  const chars = Array.from(`^${t.replace(/ /g, '')}$`);
  const out: string[] = [];
  for (let n = 1; n <= 3; n++) {
    for (let i = 0; i + n <= chars.length; i++) {
      const g = chars.slice(i, i + n).join('');
      if (n === 1 && (g === '^' || g === '$')) continue;
      out.push(`c${n}:${g}`);
    }
  }
  const syl = syllables(chars.slice(1, -1).join('')).filter((s) => /^[a-z]+$/.test(s));
  for (let i = 0; i < syl.length; i++) {
    out.push(`p1:${syl[i]}`);
    if (i + 1 < syl.length) out.push(`p2:${syl[i]}_${syl[i + 1]}`);
  }
  return out;
}
