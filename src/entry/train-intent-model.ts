/**
 * Fits the pack-independent intent model on `src/answer/intent-corpus/*.jsonl` and saves it
 * beside the code that loads it. Prints the cross-validated accuracy.
 *
 *   npm run train:intent
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type CorpusLine, parseCorpus } from '../answer/intent-model/corpus.js';
import {
  crossValidate,
  DEFAULT_KIND,
  IntentModel,
  MIN_VERTICALS,
  type ModelKind,
} from '../answer/intent-model/intent-model.js';
import { forEachGeneralWord, generalFrequency } from '../answer/spell/create-speller.js';
import { soundKey } from '../answer/spell/vocabulary.js';
import { searchWords } from '../knowledge/analyzer.js';

export const CORPUS_DIR = join(import.meta.dirname, '..', 'answer', 'intent-corpus');
export const MODEL_FILE = join(import.meta.dirname, '..', 'answer', 'intent-model', 'intent.model.json');
/** The corpus's words for the spelling vocabulary (a word must occur twice: the corpus has typos on purpose). */
export const WORDS_FILE = join(import.meta.dirname, '..', 'answer', 'spell', 'corpus-words.model.json');

/** Every corpus line, files in name order. */
export async function readCorpus(dir = CORPUS_DIR): Promise<CorpusLine[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.jsonl')).sort();
  const out: CorpusLine[] = [];
  for (const f of files) out.push(...parseCorpus(await readFile(join(dir, f), 'utf8'), f));
  return out;
}

/**
 * Words (2+ Han characters) used in at least two corpus lines, with that line count, most frequent first. The corpus
 * repeats common IME slips on purpose, so a word is left out when general Chinese writes a
 * word of the same sound far more often (包修 vs 保修).
 */
export function corpusWords(lines: CorpusLine[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const l of lines) for (const w of new Set(searchWords(l.text))) counts.set(w, (counts.get(w) ?? 0) + 1);
  const candidates = [...counts.entries()].filter(([w, n]) => n >= 2 && /^\p{Script=Han}{2,}$/u.test(w));
  const loudest = new Map<string, number>();
  const wanted = new Set(candidates.map(([w]) => soundKey(w)));
  forEachGeneralWord((w, f) => {
    const key = soundKey(w);
    if (wanted.has(key)) loudest.set(key, Math.max(loudest.get(key) ?? 0, f));
  });
  return candidates
    .filter(([w]) => (loudest.get(soundKey(w)) ?? 0) < 5 * (generalFrequency(w) + 1))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

async function main(): Promise<void> {
  const lines = await readCorpus();
  const kind = (process.env.INTENT_MODEL_KIND ?? DEFAULT_KIND) as ModelKind;
  const model = IntentModel.fit(lines, MIN_VERTICALS, kind);
  await writeFile(MODEL_FILE, `${JSON.stringify(model.toJSON())}\n`);
  await writeFile(WORDS_FILE, `${JSON.stringify(corpusWords(lines))}\n`);
  for (const mv of [1, 3]) {
    const r = crossValidate(lines, 5, mv, kind);
    console.log(
      `min verticals ${mv}: 5-fold ${r.accuracy.toFixed(3)}; leave-one-vertical-out ${r.byVertical.toFixed(3)}`,
    );
  }
  const cv = crossValidate(lines, 5, MIN_VERTICALS, kind);
  console.log(
    `${lines.length} lines → ${MODEL_FILE}\n5-fold accuracy ${cv.accuracy.toFixed(3)}; leave-one-vertical-out ${cv.byVertical.toFixed(3)}`,
  );
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
