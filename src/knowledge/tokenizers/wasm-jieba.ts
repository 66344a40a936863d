import type { Tokenizer } from '../tokenizer.js';

/** The functions of an initialised `jieba-wasm` module (any of its builds: nodejs, web, deno). */
export interface JiebaWasmBindings {
  cut(text: string, hmm?: boolean | null): string[];
  cut_for_search(text: string, hmm?: boolean | null): string[];
  add_word(word: string, freq?: number | null, tag?: string | null): number;
}

/**
 * jieba-rs compiled to WebAssembly (`jieba-wasm`), for runtimes without native addons
 * (Cloudflare Workers). Same dictionary and algorithm as the native adapter; the module keeps
 * one global segmenter, so its user words are shared by every adapter made from it.
 * The caller initialises the module (on Workers: `initSync({ module })` with the bundled `.wasm`).
 */
export function createWasmJieba(wasm: JiebaWasmBindings): Tokenizer {
  return {
    id: 'jieba-wasm',
    cut: (text, hmm) => wasm.cut(text, hmm),
    cutForSearch: (text, hmm) => wasm.cut_for_search(text, hmm),
    addWords(words) {
      for (const w of words) wasm.add_word(w.word, w.freq, w.tag);
    },
  };
}
