/**
 * Finds where the project echoes an evaluation question: every run of N Han characters
 * (default 6) that a file of `src/`, `test/`, `prompts/`, `knowledge/` or the README shares
 * with a question of any pack (public, fit, held-out), a follow-up conversation or the
 * decline-training set. Common shop-floor phrases will show up too; the point is to catch a
 * question (or its shape) copied into code, tests, lexicons or the intent corpus.
 *
 *   npm run bench:echo [-- --n 5]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { evalDir, projectRoot } from './lib/eval-paths.js';

const { values } = parseArgs({ options: { n: { type: 'string', default: '6' } } });
const n = Number(values.n);
if (!Number.isInteger(n) || n < 3) throw new Error('--n must be an integer of at least 3');

function walk(path: string): string[] {
  try {
    if (!statSync(path).isDirectory()) return [path];
  } catch {
    return [];
  }
  return readdirSync(path).flatMap((f) => (f === 'node_modules' ? [] : walk(join(path, f))));
}

/** Every question text of a JSONL file (`q`, or each turn's `q`). */
function questionsOf(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .flatMap((l) => {
      const o = JSON.parse(l) as { q?: string; turns?: { q: string }[] };
      return o.q ? [o.q] : (o.turns ?? []).map((t) => t.q);
    });
}

const questionFiles = [
  ...walk(evalDir()).filter((f) => f.endsWith('questions.jsonl')),
  ...walk(join(projectRoot, 'bench')).filter((f) => f.endsWith('.jsonl') && !f.endsWith('typo-set.jsonl')),
];
const grams = new Map<string, string>();
for (const f of questionFiles)
  for (const q of questionsOf(f))
    for (const run of q.match(/\p{Script=Han}+/gu) ?? [])
      for (let i = 0; i + n <= run.length; i++) if (!grams.has(run.slice(i, i + n))) grams.set(run.slice(i, i + n), q);

const scanned = ['src', 'test', 'prompts', 'knowledge', 'README.md']
  .flatMap((p) => walk(join(projectRoot, p)))
  .filter((f) => /\.(ts|md|json|jsonl|html)$/.test(f) && !f.endsWith('.model.json'));
let hits = 0;
for (const file of scanned) {
  const text = readFileSync(file, 'utf8');
  const seen = new Set<string>();
  for (const run of text.match(/\p{Script=Han}+/gu) ?? [])
    for (let i = 0; i + n <= run.length; i++) {
      const g = run.slice(i, i + n);
      const q = grams.get(g);
      if (!q || seen.has(q)) continue;
      seen.add(q);
      hits++;
      console.log(`${relative(projectRoot, file)}\t${g}\t${q}`);
    }
}
console.log(
  `${hits} shared runs of ${n} characters in ${scanned.length} files (${grams.size} runs in ${questionFiles.length} question files)`,
);
