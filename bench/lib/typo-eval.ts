import { readFile } from 'node:fs/promises';
import { corpusWordList } from '../../src/answer/engine-state.js';
import { createSpeller } from '../../src/answer/spell/create-speller.js';

export interface TypoScore {
  lines: number;
  typos: number;
  /** Typos turned into the intended word. */
  recall: number;
  /** Changes that were a typo turned into the intended word. */
  precision: number;
  /** Clean lines the corrector changed anyway. */
  cleanChanged: number;
  cleanLines: number;
}

/** Scores the spelling corrector on `bench/data/typo-set.jsonl` with the given pack texts as vocabulary. */
export async function scoreTypos(file: string, packTexts: string[]): Promise<TypoScore> {
  const speller = createSpeller(packTexts, corpusWordList());
  const rows = (await readFile(file, 'utf8'))
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { text: string; fixed: string; typos: [string, string][] });
  let typos = 0;
  let fixedOk = 0;
  let changes = 0;
  let goodChanges = 0;
  let cleanChanged = 0;
  let cleanLines = 0;
  for (const r of rows) {
    const out = speller.correct(r.text);
    typos += r.typos.length;
    changes += out.corrections.length;
    for (const [from, to] of r.typos) if (!out.text.includes(from) && out.text.includes(to)) fixedOk++;
    for (const c of out.corrections)
      if (r.typos.some(([from, to]) => from.includes(c.from) || c.from.includes(from) || to.includes(c.to)))
        goodChanges++;
    if (r.typos.length === 0) {
      cleanLines++;
      if (out.corrections.length) cleanChanged++;
    }
  }
  return {
    lines: rows.length,
    typos,
    recall: typos ? fixedOk / typos : Number.NaN,
    precision: changes ? goodChanges / changes : 1,
    cleanChanged,
    cleanLines,
  };
}
