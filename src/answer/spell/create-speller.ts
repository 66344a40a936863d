import { dict } from '@node-rs/jieba/dict.js';
import { segmentAll } from '../../knowledge/analyzer.js';
import { type CorrectedQuery, correctSpelling, DEFAULT_SPELL_OPTIONS, type SpellOptions } from './correct-spelling.js';
import { Vocabulary } from './vocabulary.js';

let general: Map<string, number> | undefined;

/** Word frequencies of general Chinese from jieba's bundled dictionary (parsed once, lazily). */
export function generalFrequency(word: string): number {
  if (!general) {
    general = new Map();
    for (const line of Buffer.from(dict).toString('utf8').split('\n')) {
      const sp = line.indexOf(' ');
      if (sp <= 0) continue;
      const w = line.slice(0, sp);
      if (w.length >= 2 && w.length <= 4) general.set(w, Number.parseInt(line.slice(sp + 1), 10) || 0);
    }
  }
  return general.get(word) ?? 0;
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
