import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import type { Tokenizer } from '../tokenizer.js';

/** The native `@node-rs/jieba` segmenter with jieba-rs's default dictionary (loads in ~0.2 s). */
export function createNativeJieba(): Tokenizer {
  const jieba = Jieba.withDict(dict);
  return {
    id: 'node-rs-jieba',
    cut: (text, hmm) => jieba.cut(text, hmm),
    cutForSearch: (text, hmm) => jieba.cutForSearch(text, hmm),
    addWords(words) {
      if (words.length === 0) return;
      jieba.loadDict(Buffer.from(`${words.map((w) => `${w.word} ${w.freq} ${w.tag}`).join('\n')}\n`));
    },
  };
}
