import { isContentToken, isHan, normalizeText, STOPWORDS } from './normalize.js';
import { wordPinyin } from './pinyin.js';
import type { DictionaryWord, Tokenizer } from './tokenizer.js';
import { createNativeJieba } from './tokenizers/native-jieba.js';

let shared: Tokenizer | undefined;
const added = new Set<string>();

/**
 * Installs the process-wide segmenter (the Worker entry installs jieba-wasm). Call it before
 * anything is indexed; without a call the native `@node-rs/jieba` loads on first use.
 */
export function useTokenizer(tokenizer: Tokenizer): void {
  shared = tokenizer;
  added.clear();
}

/** The process-wide segmenter (its dictionary loads once, ~0.2 s). */
function jieba(): Tokenizer {
  shared ??= createNativeJieba();
  return shared;
}

/**
 * Adds domain words (product names, aliases, brands) to the tokenizer dictionary so
 * `紫管眼霜` or `小蓝风` stay one token. Idempotent.
 */
export function addDictionaryWords(words: Iterable<string>): void {
  const entries: DictionaryWord[] = [];
  for (const raw of words) {
    const w = normalizeText(raw).replace(/\s+/g, '');
    if (w.length < 2 || added.has(w) || !Array.from(w).some(isHan)) continue;
    added.add(w);
    entries.push({ word: w, freq: 200000, tag: 'nz' });
  }
  if (entries.length) jieba().addWords(entries);
}

/** Every token of a normalized text in order, punctuation and spaces included (their lengths add up to the text's). */
export function segmentAll(text: string): string[] {
  return jieba().cut(text, false);
}

/** Normalized content words of a text: jieba segmentation, stopwords and punctuation removed. */
export function contentWords(text: string): string[] {
  const out: string[] = [];
  for (const t of jieba().cut(normalizeText(text), true)) {
    const w = t.trim();
    if (w && isContentToken(w) && !STOPWORDS.has(w)) out.push(w);
  }
  return out;
}

/** Term kinds in the lexical index: word, word pinyin, Han character bigram. */
export type TermKind = 'w' | 'p' | 'b';

/**
 * Index terms of a text: each content word (`w:`), its toneless pinyin (`p:`, so homophone
 * typos still match) and Han character bigrams (`b:`, robust to segmentation differences).
 */
export function indexTerms(text: string): string[] {
  const terms: string[] = [];
  for (const w of contentWords(text)) {
    terms.push(`w:${w}`);
    const py = wordPinyin(w);
    if (py && Array.from(w).length >= 2) terms.push(`p:${py}`);
  }
  const norm = normalizeText(text);
  let run = '';
  const flush = () => {
    const chars = Array.from(run);
    for (let i = 0; i + 1 < chars.length; i++) terms.push(`b:${chars[i]}${chars[i + 1]}`);
    run = '';
  };
  for (const ch of norm) {
    if (isHan(ch)) run += ch;
    else flush();
  }
  flush();
  return terms;
}

/** Fine-grained words for matching names: jieba's search mode also yields sub-words (电动牙刷 → 电动, 牙刷). */
export function searchWords(text: string): string[] {
  const out = new Set<string>();
  for (const t of jieba().cutForSearch(normalizeText(text), true)) {
    const w = t.trim();
    if (w && isContentToken(w) && !STOPWORDS.has(w)) out.add(w);
  }
  return [...out];
}
