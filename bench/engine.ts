/**
 * Answer-engine benchmark (issue #9): the whole product, no LLM, on every pack with
 * questions, side by side with a plain whole-document char-bigram BM25.
 *
 *   npm run bench:engine [-- --verbose] [-- --only <pack>] [-- --holdout]
 *
 * `--holdout` adds the pet-supplies pack written before the rework (bench/holdout): measure it
 * once, at the end, and never read its misses to tune.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadPack } from '../src/knowledge/load-pack.js';
import { scoreBasicQuestions } from './lib/basic-questions.js';
import { scoreCatalogue } from './lib/catalogue-eval.js';
import { evalDir } from './lib/eval-paths.js';
import { scoreFollowups } from './lib/followups-eval.js';
import { benchPacks } from './lib/packs.js';
import { type PackResult, type PackSpec, runPack } from './lib/run-pack.js';
import { fmtLatency, fmtRate } from './lib/table.js';
import { scoreTypos } from './lib/typo-eval.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      verbose: { type: 'boolean', default: false },
      only: { type: 'string' },
      holdout: { type: 'boolean', default: false },
    },
  });
  const root = evalDir();
  const packs = benchPacks({ holdout: values.holdout }).filter((p) => !values.only || values.only === p.name);
  const specs: PackSpec[] = packs;
  const results: PackResult[] = [];
  for (const s of specs) results.push(await runPack(s));
  const tuned = results.filter((r) => packs.find((p) => p.name === r.name)?.role !== 'holdout');
  const mean = (f: (r: PackResult) => number) => tuned.reduce((a, r) => a + f(r), 0) / Math.max(1, tuned.length);
  const rows: [string, (r: PackResult) => string, string][] = [
    ['answerable / unanswerable', (r) => `${r.answerable} / ${r.unanswerable}`, ''],
    ['R@1 answerable', (r) => fmtRate(r.r1), fmtRate(mean((r) => r.r1))],
    ['R@3 answerable', (r) => fmtRate(r.r3), fmtRate(mean((r) => r.r3))],
    [
      'baseline bigram BM25 R@1 / R@3',
      (r) => `${fmtRate(r.baseline.r1)} / ${fmtRate(r.baseline.r3)}`,
      `${fmtRate(mean((r) => r.baseline.r1))} / ${fmtRate(mean((r) => r.baseline.r3))}`,
    ],
    ['intent accuracy', (r) => fmtRate(r.intent), fmtRate(mean((r) => r.intent))],
    ['unanswerable declined', (r) => fmtRate(r.declined), fmtRate(mean((r) => r.declined))],
    ['false declines (count)', (r) => String(r.falseDeclines), mean((r) => r.falseDeclines).toFixed(1)],
    ['answerable answers cited', (r) => fmtRate(r.cited), fmtRate(mean((r) => r.cited))],
    ['Ad-Law terms', (r) => String(r.adLawTerms), ''],
    ['first screen p95 (chars)', (r) => String(r.firstScreenP95), ''],
    ['answer p50 / p95 (ms)', (r) => fmtLatency(r.answer), ''],
  ];
  console.log(`packs: ${packs.map((p) => `${p.name} (${p.role})`).join(', ')}; mean over the non-held-out packs\n`);
  console.log(`| metric | ${results.map((r) => r.name).join(' | ')} | mean |`);
  console.log(`|---|${results.map(() => '---').join('|')}|---|`);
  for (const [label, f, m] of rows) console.log(`| ${label} | ${results.map(f).join(' | ')} | ${m} |`);
  // Declines are decided by the fitted decline model; `npm run bench:fit` prints its held-out figures.

  // Basic questions about every product (selling points, who it suits, price, use, warranty).
  const basics: string[] = [];
  for (const [name, dir] of [
    ...packs.map((x) => [x.name, x.packDir] as const),
    ['knowledge/', join(import.meta.dirname, '..', 'knowledge')] as const,
  ]) {
    const b = await scoreBasicQuestions(dir);
    basics.push(`${name} ${b.ok}/${b.total} (${fmtRate(b.ok / b.total)})`);
  }
  console.log(`\nbasic questions answered from the product: ${basics.join('; ')}`);

  // Follow-up turns (pronouns, ellipsis, siblings described, policy follow-ups), one chat per conversation.
  const followups: string[] = [];
  for (const p of packs) {
    if (!p.followupsFile) continue;
    const f = await scoreFollowups(p.packDir, p.followupsFile);
    followups.push(`${p.name} ${f.hit}/${f.total} (${fmtRate(f.hit / f.total)})`);
    if (values.verbose && p.role !== 'holdout')
      for (const m of f.misses) console.log(`  follow-up miss: ${p.name} ${m}`);
  }
  console.log(`follow-up turns hit: ${followups.join('; ')}`);

  // Catalogue questions over the 1,070 AdvertiseGen products, in associates' phrasing.
  const agFile = join(root, 'advertisegen', 'dev.json');
  if (existsSync(agFile) && !values.only) {
    const cat = await scoreCatalogue(agFile, 300);
    console.log(
      `catalogue questions (AdvertiseGen, ${cat.queries} queries, 4 phrasings): R@1 ${fmtRate(cat.r1)} (bigram BM25 ${fmtRate(cat.baselineR1)}); pack of 1,070 built in ${(cat.ingestMs / 1000).toFixed(1)} s; answer p50/p95 ${fmtLatency(cat.answer)} ms`,
    );
  }

  // The spelling corrector on our typo set, with the two public packs as vocabulary.
  const texts: string[] = [];
  for (const dir of ['dev-pack', 'pack-b']) {
    const pack = await loadPack(join(root, dir));
    for (const d of pack.docs) texts.push(d.title, ...d.sections.map((x) => x.text));
  }
  const typo = await scoreTypos(join(import.meta.dirname, 'data', 'typo-set.jsonl'), texts);
  console.log(
    `\nspelling (bench/data/typo-set.jsonl, ${typo.typos} typos in ${typo.lines} lines): recall ${fmtRate(typo.recall)}, precision ${fmtRate(typo.precision)}, clean lines changed ${typo.cleanChanged}/${typo.cleanLines}`,
  );
  if (values.verbose) {
    for (const r of results) {
      console.log(`\n${r.name}: misses`);
      if (packs.find((p) => p.name === r.name)?.role === 'holdout') continue;
      for (const m of r.misses)
        console.log(`  ${m.id} ${m.problems.join('+')}  ${m.q}\n      want ${m.expected}  got ${m.got}`);
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
