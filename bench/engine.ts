/**
 * Answer-engine benchmark (issue #9): the whole product, no LLM, on every pack with
 * questions, side by side with a plain whole-document char-bigram BM25.
 *
 *   npm run bench:engine [-- --verbose] [-- --only dev|b] [-- --holdout]
 *
 * `--holdout` adds the pet-supplies pack written before the rework (bench/holdout): measure it
 * once, at the end, and never read its misses to tune.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  coverageThreshold,
  PARTIAL_CHAR_CREDIT,
  setCoverageThreshold,
  setPartialCharCredit,
} from '../src/answer/coverage.js';
import { loadPack } from '../src/knowledge/load-pack.js';
import { scoreBasicQuestions } from './lib/basic-questions.js';
import { scoreCatalogue } from './lib/catalogue-eval.js';
import { evalDir } from './lib/eval-paths.js';
import { scoreFollowups } from './lib/followups-eval.js';
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
  const specs: PackSpec[] = [
    { name: 'dev', packDir: join(root, 'dev-pack'), questionsFile: join(root, 'dev-questions.jsonl') },
    { name: 'b', packDir: join(root, 'pack-b'), questionsFile: join(root, 'pack-b-questions.jsonl') },
    {
      name: 'pet',
      packDir: join(import.meta.dirname, 'holdout', 'pet-pack'),
      questionsFile: join(import.meta.dirname, 'holdout', 'pet-questions.jsonl'),
    },
  ].filter(
    (s) =>
      existsSync(s.questionsFile) && (!values.only || values.only === s.name) && (s.name !== 'pet' || values.holdout),
  );
  const results: PackResult[] = [];
  for (const s of specs) results.push(await runPack(s));
  const rows: [string, (r: PackResult) => string][] = [
    ['answerable / unanswerable', (r) => `${r.answerable} / ${r.unanswerable}`],
    ['R@1 answerable', (r) => fmtRate(r.r1)],
    ['R@3 answerable', (r) => fmtRate(r.r3)],
    ['baseline bigram BM25 R@1 / R@3', (r) => `${fmtRate(r.baseline.r1)} / ${fmtRate(r.baseline.r3)}`],
    ['intent accuracy', (r) => fmtRate(r.intent)],
    ['unanswerable declined', (r) => fmtRate(r.declined)],
    ['false declines (count)', (r) => String(r.falseDeclines)],
    ['answerable answers cited', (r) => fmtRate(r.cited)],
    ['Ad-Law terms', (r) => String(r.adLawTerms)],
    ['first screen p95 (chars)', (r) => String(r.firstScreenP95)],
    ['answer p50 / p95 (ms)', (r) => fmtLatency(r.answer)],
  ];
  const head = `| metric | ${results.map((r) => r.name).join(' | ')} |`;
  console.log(head);
  console.log(`|---|${results.map(() => '---').join('|')}|`);
  for (const [label, f] of rows) console.log(`| ${label} | ${results.map(f).join(' | ')} |`);
  // Decline calibration: sweep the coverage threshold on each public pack; pick on one, hold out the other.
  const publicSpecs = specs.filter((x) => x.name === 'dev' || x.name === 'b');
  if (publicSpecs.length === 2 && !values.only) {
    const sweep: { t: number; pc: number; byPack: Record<string, PackResult> }[] = [];
    const shippedPc = PARTIAL_CHAR_CREDIT;
    for (const pc of [0, 0.2, 0.4]) {
      for (const t of [0.1, 0.2, 0.3, 0.4]) {
        setCoverageThreshold(t);
        setPartialCharCredit(pc);
        const byPack: Record<string, PackResult> = {};
        for (const x of publicSpecs) byPack[x.name] = await runPack(x);
        sweep.push({ t, pc, byPack });
      }
    }
    setCoverageThreshold(undefined);
    setPartialCharCredit(shippedPc);
    // Utility on a pack: a false decline costs as much as a missed one (rates over the unanswerable count).
    const util = (r: PackResult) => r.declined - r.falseDeclines / Math.max(1, r.unanswerable);
    console.log('\ndecline calibration (coverage threshold × partial-character credit): declined / false declines');
    console.log(
      '| threshold | char credit | dev declined | dev false | b declined | b false |\n|---|---|---|---|---|---|',
    );
    for (const { t, pc, byPack } of sweep) {
      const d = byPack.dev as PackResult;
      const b = byPack.b as PackResult;
      console.log(
        `| ${t} | ${pc} | ${fmtRate(d.declined)} | ${d.falseDeclines} | ${fmtRate(b.declined)} | ${b.falseDeclines} |`,
      );
    }
    for (const [fit, held] of [
      ['dev', 'b'],
      ['b', 'dev'],
    ] as const) {
      const best = [...sweep].sort((x, y) => util(y.byPack[fit] as PackResult) - util(x.byPack[fit] as PackResult))[0];
      if (!best) continue;
      const h = best.byPack[held] as PackResult;
      const f = best.byPack[fit] as PackResult;
      console.log(
        `fit on ${fit}: threshold ${best.t}, char credit ${best.pc} → in-pack declined ${fmtRate(f.declined)} (${f.falseDeclines} false); held-out ${held} declined ${fmtRate(h.declined)} (${h.falseDeclines} false)`,
      );
    }
    const pooled = [...sweep].sort(
      (x, y) =>
        util(y.byPack.dev as PackResult) +
        util(y.byPack.b as PackResult) -
        util(x.byPack.dev as PackResult) -
        util(x.byPack.b as PackResult),
    )[0];
    console.log(
      `best on both packs: threshold ${pooled?.t}, char credit ${pooled?.pc}; shipped: ${coverageThreshold()}, ${PARTIAL_CHAR_CREDIT}`,
    );
  }

  // Basic questions about every product (selling points, who it suits, price, use, warranty).
  const basics: string[] = [];
  for (const [name, dir] of [
    ...specs.map((x) => [x.name, x.packDir] as const),
    ['knowledge/', join(import.meta.dirname, '..', 'knowledge')] as const,
  ]) {
    const b = await scoreBasicQuestions(dir);
    basics.push(`${name} ${b.ok}/${b.total} (${fmtRate(b.ok / b.total)})`);
  }
  console.log(`\nbasic questions answered from the product: ${basics.join('; ')}`);

  // Follow-up turns (pronouns, ellipsis, siblings described, policy follow-ups), one chat per conversation.
  const followups: string[] = [];
  for (const [name, dir, file] of [
    ['dev', join(root, 'dev-pack'), join(import.meta.dirname, 'data', 'followups-dev.jsonl')],
    ['b', join(root, 'pack-b'), join(import.meta.dirname, 'data', 'followups-b.jsonl')],
    ...(values.holdout
      ? [
          [
            'pet',
            join(import.meta.dirname, 'holdout', 'pet-pack'),
            join(import.meta.dirname, 'holdout', 'pet-followups.jsonl'),
          ],
        ]
      : []),
  ] as const) {
    if (values.only && values.only !== name) continue;
    const f = await scoreFollowups(dir, file);
    followups.push(`${name} ${f.hit}/${f.total} (${fmtRate(f.hit / f.total)})`);
    if (values.verbose && name !== 'pet') for (const m of f.misses) console.log(`  follow-up miss: ${m}`);
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
      for (const m of r.misses)
        console.log(`  ${m.id} ${m.problems.join('+')}  ${m.q}\n      want ${m.expected}  got ${m.got}`);
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
