import { normalizeText, STOPWORDS } from '../../knowledge/normalize.js';
import type { Vocabulary } from './vocabulary.js';

/** One replacement made in a query, with how sure the corrector is. */
export interface Correction {
  from: string;
  to: string;
  /** 0..1: how much better the replacement fits the domain's bigrams than what was typed. */
  confidence: number;
}

export interface CorrectedQuery {
  /** The text as typed (normalized: NFKC, lower case, single spaces). */
  raw: string;
  /** The text with confident corrections applied. */
  text: string;
  corrections: Correction[];
}

export interface SpellOptions {
  /** A typed string at least this common in general Chinese (jieba's frequency) is taken as meant. */
  keepIfGeneralFreq: number;
  /** Minimum gain in domain log-bigram score (window plus one character each side). */
  minGain: number;
}

/** Chosen on the typo set (bench/data/typo-set.jsonl); `npm run bench:engine` prints precision and recall. */
export const DEFAULT_SPELL_OPTIONS: SpellOptions = { keepIfGeneralFreq: 10, minGain: 1 };

/**
 * Fixes pinyin-IME slips against the domain's own vocabulary: a 2–4 character window the
 * domain never writes is replaced by a homophone the domain does write (包修→保修, 推货→退货)
 * when the replacement makes the surrounding character bigrams more like the domain's.
 * A window the domain writes, or a common word of general Chinese, is never changed.
 */
export function correctSpelling(
  text: string,
  vocab: Vocabulary,
  generalFreq: (w: string) => number,
  segment: (text: string) => string[],
  opts: SpellOptions = DEFAULT_SPELL_OPTIONS,
): CorrectedQuery {
  const raw = normalizeText(text);
  const out = Array.from(raw);
  // Only whole tokens or runs of tokens are candidates: a window across a word boundary
  // (玺手 in 碧玺手链) is no typo, however rare it is.
  const bounds = new Set<number>([0]);
  // Positions covered by a function word (是, 有, 能…): a window holding one is ordinary text.
  const functional = new Array<boolean>(out.length).fill(false);
  let at = 0;
  for (const tok of segment(raw)) {
    const len = Array.from(tok).length;
    if (STOPWORDS.has(tok)) for (let k = at; k < at + len; k++) functional[k] = true;
    at += len;
    bounds.add(at);
  }
  const fixed = new Array<boolean>(out.length).fill(false);
  const corrections: Correction[] = [];
  const isHanRun = (s: string) => /^\p{Script=Han}+$/u.test(s);
  const spanScore = (chars: string[], from: number, to: number) => {
    let s = 0;
    for (let i = Math.max(0, from - 1); i < Math.min(chars.length - 1, to); i++) {
      const bg = `${chars[i]}${chars[i + 1]}`;
      if (isHanRun(bg)) s += Math.log1p(vocab.count(bg));
    }
    return s;
  };
  for (let n = 4; n >= 2; n--) {
    for (let i = 0; i + n <= out.length; i++) {
      if (!bounds.has(i) || !bounds.has(i + n) || fixed.slice(i, i + n).some(Boolean)) continue;
      if (functional.slice(i, i + n).some(Boolean)) continue;
      const g = out.slice(i, i + n).join('');
      if (!isHanRun(g) || vocab.knows(g) || generalFreq(g) >= opts.keepIfGeneralFreq) continue;
      let best: { to: string; gain: number } | undefined;
      for (const cand of vocab.homophones(g).slice(0, 8)) {
        if (generalFreq(cand) < generalFreq(g)) continue;
        const trial = [...out];
        Array.from(cand).forEach((ch, k) => {
          trial[i + k] = ch;
        });
        const gain = spanScore(trial, i, i + n) - spanScore(out, i, i + n);
        if (!best || gain > best.gain) best = { to: cand, gain };
      }
      if (!best || best.gain < opts.minGain) continue;
      corrections.push({ from: g, to: best.to, confidence: 1 - Math.exp(-best.gain / 2) });
      Array.from(best.to).forEach((ch, k) => {
        out[i + k] = ch;
        fixed[i + k] = true;
      });
    }
  }
  return { raw, text: out.join(''), corrections };
}
