import { dict } from '@node-rs/jieba/dict.js';
import { segmentAll } from '../../knowledge/analyzer.js';
import { type CorrectedQuery, correctSpelling, DEFAULT_SPELL_OPTIONS, type SpellOptions } from './correct-spelling.js';
import { Vocabulary } from './vocabulary.js';

let general: Map<string, number> | undefined;
let generalTags: Map<string, string> | undefined;
let charTags: Map<string, string> | undefined;

/** Word frequencies of general Chinese from jieba's bundled dictionary (parsed once, lazily). */
export function generalFrequency(word: string): number {
  if (!general) {
    general = new Map();
    generalTags = new Map();
    charTags = new Map();
    for (const line of Buffer.from(dict).toString('utf8').split('\n')) {
      const [w, f, tag] = line.split(' ');
      if (w && tag && Array.from(w).length === 1) charTags.set(w, tag);
      if (!w || w.length < 2 || w.length > 4) continue;
      general.set(w, Number.parseInt(f ?? '', 10) || 0);
      if (tag) generalTags.set(w, tag);
    }
  }
  return general.get(word) ?? 0;
}

/** False where jieba's dictionary is not bundled (the Cloudflare Worker): frequencies are all 0, tags unknown. */
export function hasGeneralDictionary(): boolean {
  generalFrequency('');
  return (general?.size ?? 0) > 0;
}

/** jieba's part-of-speech tag of a general word (`n` noun, `a` adjective, `v` verb…), or undefined. */
export function generalTag(word: string): string | undefined {
  generalFrequency('');
  return generalTags?.get(word);
}

/** jieba's part-of-speech tag of a single character used as a word (不 d, 吗 y, 机 n), or undefined. */
export function charTag(ch: string): string | undefined {
  generalFrequency('');
  return charTags?.get(ch);
}

/** Calls `fn` for every 2–4 character word of the general dictionary with its frequency. */
export function forEachGeneralWord(fn: (word: string, freq: number) => void): void {
  generalFrequency('');
  for (const [w, f] of general ?? []) fn(w, f);
}

export interface Speller {
  correct(text: string): CorrectedQuery;
  readonly vocabulary: Vocabulary;
}

/**
 * A corrector over the pack's texts and the intent corpus's words (those seen at least twice
 * there: the corpus contains typos on purpose).
 */
export function createSpeller(
  packTexts: string[],
  corpusWords: string[],
  opts: SpellOptions = DEFAULT_SPELL_OPTIONS,
): Speller {
  const vocabulary = new Vocabulary().add(packTexts, 2).add(corpusWords, 1);
  return {
    vocabulary,
    correct: (text) => correctSpelling(text, vocabulary, generalFrequency, segmentAll, opts),
  };
}
