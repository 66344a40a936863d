import { dict } from '@node-rs/jieba/dict.js';
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

export interface Speller {
  correct(text: string): CorrectedQuery;
  readonly vocabulary: Vocabulary;
}

/**
 * A corrector over the pack's texts (full weight) and the intent corpus (half weight, and a
 * corpus-only string must be seen twice, since the corpus itself contains typos on purpose).
 */
export function createSpeller(
  packTexts: string[],
  corpusTexts: string[],
  opts: SpellOptions = DEFAULT_SPELL_OPTIONS,
): Speller {
  const vocabulary = new Vocabulary().add(packTexts, 2).add(corpusTexts, 0.5);
  return {
    vocabulary,
    correct: (text) => correctSpelling(text, vocabulary, generalFrequency, opts),
  };
}
