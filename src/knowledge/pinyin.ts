import { pinyin } from '@napi-rs/pinyin';
import { isHan } from './normalize.js';

const cache = new Map<string, string>();

/** Gives the toneless pinyin of one character: '' for non-Han, the character itself when it has no reading. */
export type PinyinSource = (ch: string, isHan: (ch: string) => boolean) => string;

/** The native `@napi-rs/pinyin` addon (Node). */
export const nativePinyin: PinyinSource = (ch, han) => {
  // Style 0 is PINYIN_STYLE.Plain (toneless); the const enum cannot be imported here.
  const first = han(ch) ? pinyin(ch, { style: 0 })[0] : undefined;
  return typeof first === 'string' ? first : (first?.[0] ?? '');
};

let source: PinyinSource = nativePinyin;

/** Installs the pinyin source (the Worker entry installs the bundled table); native by default. */
export function usePinyinSource(next: PinyinSource): void {
  source = next;
  cache.clear();
}

/** Toneless pinyin of one Han character ('' for anything else). Cached. */
export function charPinyin(ch: string): string {
  const hit = cache.get(ch);
  if (hit !== undefined) return hit;
  const p = source(ch, isHan);
  cache.set(ch, p);
  return p;
}

/**
 * Syllables of a string: toneless pinyin for Han characters, the character itself for
 * anything else. Homophone typos (保修/包修) give the same sequence.
 */
export function syllables(text: string): string[] {
  return Array.from(text, (ch) => charPinyin(ch) || ch);
}

/** Toneless pinyin of a word joined without spaces, or '' when it has no Han character. */
export function wordPinyin(word: string): string {
  if (!Array.from(word).some(isHan)) return '';
  return syllables(word).join('');
}

const INITIALS = [
  'zh',
  'ch',
  'sh',
  'b',
  'p',
  'm',
  'f',
  'd',
  't',
  'n',
  'l',
  'g',
  'k',
  'h',
  'j',
  'q',
  'x',
  'r',
  'z',
  'c',
  's',
  'y',
  'w',
];

/** Splits a syllable into initial and final ('' initial for zero-initial syllables). */
export function splitSyllable(s: string): [string, string] {
  for (const i of INITIALS) if (s.startsWith(i) && s.length > i.length) return [i, s.slice(i.length)];
  return ['', s];
}

/**
 * Similarity of two syllables: 1 identical; 0.6 same final with a different initial
 * (沈/枕 shen/zhen: the usual typing and dialect slip); 0 otherwise. Non-Han tokens must match exactly.
 */
export function syllableSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  if (!/^[a-z]+$/.test(a) || !/^[a-z]+$/.test(b)) return 0;
  const [ia, fa] = splitSyllable(a);
  const [ib, fb] = splitSyllable(b);
  if (fa === fb && ia !== ib && fa.length > 0) return 0.6;
  return 0;
}
