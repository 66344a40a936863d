import { searchWords } from '../../knowledge/analyzer.js';
import { isHan, normalizeText } from '../../knowledge/normalize.js';
import { syllables } from '../../knowledge/pinyin.js';

/**
 * Words and character bigrams people in this domain write, with counts: from every
 * document of the pack and the intent corpus. A key of toneless syllables finds the
 * homophones of a typed string.
 */
export class Vocabulary {
  private readonly counts = new Map<string, number>();
  /** Strings the tokenizer cut as words (a bigram across two words is attested but is no word). */
  private readonly words = new Set<string>();
  private readonly bySound = new Map<string, string[]>();

  /** Adds texts with a weight per occurrence (the pack counts fully, the corpus less). */
  add(texts: Iterable<string>, weight = 1): this {
    for (const text of texts) {
      const seen = new Set<string>();
      for (const w of searchWords(text)) {
        if (hanLength(w) < 2) continue;
        seen.add(w);
        this.words.add(w);
      }
      for (const run of normalizeText(text).match(/\p{Script=Han}{2,}/gu) ?? []) {
        const chars = Array.from(run);
        for (let i = 0; i + 1 < chars.length; i++) seen.add(`${chars[i]}${chars[i + 1]}`);
      }
      for (const w of seen) {
        const before = this.counts.get(w);
        this.counts.set(w, (before ?? 0) + weight);
        if (before === undefined) {
          const key = soundKey(w);
          const list = this.bySound.get(key);
          if (list) list.push(w);
          else this.bySound.set(key, [w]);
        }
      }
    }
    return this;
  }

  count(word: string): number {
    return this.counts.get(word) ?? 0;
  }

  /** True when the domain attests the string (weight ≥ 1: once in the pack, or twice in the corpus). */
  knows(word: string): boolean {
    return this.count(word) >= 1;
  }

  /** Known words (not mere bigrams) that sound exactly like `typed` (toneless), best attested first. */
  homophones(typed: string): string[] {
    return (this.bySound.get(soundKey(typed)) ?? [])
      .filter((w) => w !== typed && this.words.has(w) && this.knows(w))
      .sort((a, b) => this.count(b) - this.count(a));
  }

  get size(): number {
    return this.counts.size;
  }
}

export function soundKey(word: string): string {
  return syllables(word).join(' ');
}

function hanLength(w: string): number {
  return Array.from(w).filter(isHan).length;
}
