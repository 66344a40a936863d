import { contentWords } from '../knowledge/analyzer.js';
import { normalizeText } from '../knowledge/normalize.js';
import { syllables } from '../knowledge/pinyin.js';
import type { DocLine } from './extract-lines.js';

/** Words that describe the shop-floor situation rather than what is asked. */
const SITUATION = new Set(
  '顾客 客人 客户 阿姨 大姐 大哥 小哥 女士 先生 老人 孩子 小孩 女生 男生 男的 女的 领导 朋友 同事 问 说 想 要 买 拿 带 送 正常 一下 知道 告诉 那件 那盒 那款 这件 这盒 咋接 咋说 怎么说 怎么办 纠结 犹豫'.split(
    ' ',
  ),
);

/** The content words of a question that carry what is asked, minus names of the entities. */
export function focusWords(question: string, entityNames: string[]): string[] {
  const names = entityNames.map((n) => normalizeText(n).replace(/\s+/g, ''));
  // Pronouns glue onto the next word in segmentation (它刷头): they are never what is asked.
  return contentWords(question.replace(/它们?|这款|那款|这个|那个|这种|那种/g, ' ')).filter(
    (w) =>
      !SITUATION.has(w) && !names.some((n) => n.includes(w) || (w.length >= 2 && w.includes(n))) && !/^\d+$/.test(w),
  );
}

/**
 * What measurement and money words in a question look like in a product sheet: 多少斤 is
 * answered by a line with kg, 几码 by a size chart, 撑多久 by a battery line.
 */
const EXPANSIONS: [RegExp, string[]][] = [
  [/^(?:斤|公斤|千克|多重|重不重|沉|拎|拎得动|分量)$/, ['重量', '重', 'kg', '克']],
  [/^(?:多高|高度|高)$/, ['高度', '高', 'cm']],
  [/^(?:多长|长度|折起来)$/, ['长', 'cm', '折叠']],
  [/^(?:多大|大小|尺寸|多宽)$/, ['尺寸', '规格', 'cm', '×']],
  [/^(?:几码|码|尺码|码数|大一码|正常码)$/, ['尺码', '码', '身高', '体重']],
  [/^(?:多久|撑多久|续航|充满|充一次)$/, ['续航', '天', '小时', '充满']],
  [/^(?:几块钱|多少钱|价格|价钱|贵)$/, ['元', '价']],
  [/^(?:防水|下雨|暴雨|淋雨)$/, ['防水', 'mm', '雨']],
  [/^(?:能用不|能用|国外|出国|美国|日本)$/, ['电压', 'v', '出国']],
  [/^(?:孕妇|怀孕|孕期|备孕|哺乳|哺乳期)$/, ['孕', '哺乳']],
  [/^(?:小孩|孩子|儿童|宝宝|小朋友)$/, ['儿童', '岁', '婴', '宝宝']],
  [/^(?:敏感肌|敏感|过敏)$/, ['敏感', '刺激', '斑贴']],
  [/^(?:保修|质保|坏了修)$/, ['保修', '质保']],
];

/** A focus word and the words that answer it. */
export function expansions(word: string): string[] {
  const out = [word];
  for (const [re, alts] of EXPANSIONS) if (re.test(word)) out.push(...alts);
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
    .map((l) => ({ ...l, score: lineScore(l.text, focus) }))
    .filter((l) => l.score > 0.3)
    .sort((a, b) => b.score - a.score)
    .slice(0, n);
}
