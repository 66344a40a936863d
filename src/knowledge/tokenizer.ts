/** A user-dictionary entry: the word, its frequency and part of speech, as in a jieba dict line. */
export interface DictionaryWord {
  word: string;
  freq: number;
  tag: string;
}

/**
 * The Chinese word segmenter the analyzer uses. Two adapters implement it with the same
 * jieba-rs dictionary and algorithm, so they segment identically: the native
 * `@node-rs/jieba` (Node, the default) and `jieba-wasm` (Cloudflare Workers, where native
 * addons cannot load). The entry point picks one with `useTokenizer` before indexing.
 */
export interface Tokenizer {
  readonly id: string;
  /** Accurate-mode segmentation (`hmm` finds words missing from the dictionary). */
  cut(text: string, hmm: boolean): string[];
  /** Search-mode segmentation: also yields the sub-words of long words (电动牙刷 → 电动, 牙刷). */
  cutForSearch(text: string, hmm: boolean): string[];
  /** Adds user words (product names, brands) so they stay one token. */
  addWords(words: DictionaryWord[]): void;
}
