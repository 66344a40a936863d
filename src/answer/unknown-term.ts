import { contentWords } from '../knowledge/analyzer.js';
import { corpusLineCount, engineState } from './engine-state.js';
import { measureOf } from './focus.js';
import type { LinkingKnowledgeBase } from './resolve-entities.js';
import { generalTag } from './spell/create-speller.js';

/**
 * The first of a text's leading words that neither the pack nor associates' everyday
 * language (the intent corpus) knows, and that links to nothing: a brand or product we have
 * no document for (罗莱, 九阳, 戴森). Undefined when every leading word is known.
 */
export function unknownTerm(kb: LinkingKnowledgeBase, text: string, leading = 3): string | undefined {
  const { speller, packText } = engineState(kb);
  const words = contentWords(text.replace(/顾客|客人|咱们?|我们|隔壁|对面|别家|人家|他家|网上/g, ' '));
  for (const w of words.slice(0, leading)) {
    if (Array.from(w).length < 2 || !/[\p{Script=Han}a-z]/u.test(w)) continue;
    if (speller.vocabulary.knows(w) || packText.includes(w) || corpusLineCount(w) > 0) continue;
    // An amount (两岁, 30ml), or a word general Chinese knows as a verb, adjective, adverb or idiom
    // (刚出生), names no brand; nouns and place words may (北面).
    if (measureOf(w) || /^[ilvad]/.test(generalTag(w) ?? '')) continue;
    if (kb.linkProductSpans(w).some((s) => s.score >= 0.6) || kb.linkCompetitors(w).length) continue;
    return w;
  }
  return undefined;
}
