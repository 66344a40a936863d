import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHashingEmbedder } from '../../src/adapters/embedders/hashing-embedder.js';
import { chunkDoc } from '../../src/knowledge/chunk-doc.js';
import { DenseIndex } from '../../src/knowledge/dense-index.js';
import { ExactVectorIndex } from '../../src/knowledge/exact-vector-index.js';
import { loadPack } from '../../src/knowledge/load-pack.js';
import { isHan, normalizeText } from '../../src/knowledge/normalize.js';
import { nativePinyin } from '../../src/knowledge/pinyin.js';
import { tablePinyin } from '../../src/knowledge/pinyin-table/table-pinyin.js';
import type { Tokenizer } from '../../src/knowledge/tokenizer.js';
import { createNativeJieba } from '../../src/knowledge/tokenizers/native-jieba.js';
import { createWasmJieba, type JiebaWasmBindings } from '../../src/knowledge/tokenizers/wasm-jieba.js';
import type { KnowledgeDoc } from '../../src/ports/knowledge.js';
import { DEMO_PACK } from '../helpers/test-runtime.js';
import { WORKER_QUESTIONS } from './questions.js';

// The Workers adapters must give exactly what the native ones give on Node, so the same
// question gets the same answer on both runtimes.

let docs: KnowledgeDoc[];
let texts: string[];
beforeAll(async () => {
  docs = (await loadPack(DEMO_PACK)).docs;
  texts = [...docs.flatMap((d) => d.sections.flatMap((s) => s.text.split('\n'))), ...WORKER_QUESTIONS];
});

describe('jieba-wasm segments like the native @node-rs/jieba', () => {
  it('cuts every line of the demo pack and every test question identically, with the same user words', () => {
    const native = createNativeJieba();
    const wasm = createWasmJieba(createRequire(import.meta.url)('jieba-wasm') as JiebaWasmBindings);
    const names = docs.flatMap((d) => (d.type === 'product' ? [d.name, ...d.aliases] : []));
    const words = names.map((n) => ({ word: normalizeText(n).replace(/\s+/g, ''), freq: 200000, tag: 'nz' }));
    for (const t of [native, wasm] as Tokenizer[]) t.addWords(words);
    let compared = 0;
    for (const raw of texts) {
      const text = normalizeText(raw);
      expect(wasm.cut(text, true), text).toEqual(native.cut(text, true));
      expect(wasm.cutForSearch(text, true), text).toEqual(native.cutForSearch(text, true));
      compared++;
    }
    expect(compared).toBeGreaterThan(1000);
  });
});

describe('the bundled pinyin table', () => {
  it('gives the native addon’s reading for every Han character (U+0000–U+3FFFF)', () => {
    let han = 0;
    const wrong: string[] = [];
    for (let cp = 0; cp <= 0x3ffff; cp++) {
      const ch = String.fromCodePoint(cp);
      if (!isHan(ch)) continue;
      han++;
      if (tablePinyin(ch, isHan) !== nativePinyin(ch, isHan)) wrong.push(ch);
    }
    expect(wrong).toEqual([]);
    expect(han).toBeGreaterThan(100_000);
    expect(tablePinyin('a', isHan)).toBe('');
    expect(tablePinyin('长', isHan)).toBe(nativePinyin('长', isHan));
  });
});

describe('the exact vector index', () => {
  it('ranks like hnswlib on the demo pack, and supports remove and filters', async () => {
    const embedder = createHashingEmbedder();
    const chunks = docs.flatMap(chunkDoc).map((c) => ({ chunkId: c.id, text: c.indexText }));
    const hnsw = DenseIndex.create(embedder);
    const exact = new ExactVectorIndex(embedder);
    await hnsw.add(chunks);
    await exact.add(chunks);
    for (const q of WORKER_QUESTIONS) {
      const v = await exact.embedQuery(q);
      const a = await hnsw.search(v, 5);
      const b = await exact.search(v, 5);
      expect(b.map((h) => h.id)[0], q).toBe(a.map((h) => h.id)[0]);
      expect(b[0]?.score ?? 0).toBeCloseTo(a[0]?.score ?? 0, 5);
    }
    const first = chunks[0]!.chunkId;
    const v = await exact.embedQuery(chunks[0]!.text);
    expect((await exact.search(v, 1))[0]?.id).toBe(first);
    exact.remove([first]);
    expect((await exact.search(v, 3)).map((h) => h.id)).not.toContain(first);
    expect(await exact.search(v, 3, () => false)).toEqual([]);
    expect(exact.size).toBe(chunks.length - 1);
  });
});
