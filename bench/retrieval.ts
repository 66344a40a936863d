/**
 * Retrieval benchmark (issue #2): ours (the full pipeline) vs a plain BM25 baseline vs
 * LangChain HNSWLib alone, on the external dev pack and on AdvertiseGen, in one run.
 *
 *   npm run bench:retrieval [-- --verbose] [-- --assistant-sample N]
 *
 * Evaluation material is read from ../shared/eval (or EVAL_DIR) at run time.
 */
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createHashingEmbedder } from '../src/adapters/embedders/hashing-embedder.js';
import { evalDir } from './lib/eval-paths.js';
import { AG_SEED, runAdvertiseGen } from './lib/run-advertisegen.js';
import { runDev, TIMING_PASSES } from './lib/run-dev.js';
import { fmtLatency, fmtMs, fmtRate, fmtSeconds, NA, type Row, renderTable } from './lib/table.js';

const TARGET = {
  devR1: 0.9,
  devR3: 0.98,
  intent: 0.9,
  declined: 0.9,
  agR1: 0.8,
  agR5: 0.98,
  p95Ms: 5,
  ingestMs: 20_000,
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { verbose: { type: 'boolean', default: false }, 'assistant-sample': { type: 'string', default: '200' } },
  });
  const sample = Number(values['assistant-sample']);
  if (!Number.isInteger(sample) || sample < 0) throw new Error('--assistant-sample must be a whole number ≥ 0');
  const root = evalDir();
  if (!existsSync(join(root, 'dev-questions.jsonl')) || !existsSync(join(root, 'advertisegen', 'dev.json'))) {
    throw new Error(
      `evaluation material not found in ${root}: expected dev-pack/, dev-questions.jsonl and advertisegen/dev.json (set EVAL_DIR)`,
    );
  }
  const load = loadavg()[0] ?? 0;
  const started = performance.now();
  const dev = await runDev(root);
  const ag = await runAdvertiseGen(root, { assistantSample: sample });
  const llm = Boolean(process.env.OPENAI_BASE_URL && process.env.LLM_MODEL);

  const rows: (Row | string)[] = [
    `dev pack: ${dev.answerable} answerable + ${dev.unanswerable} unanswerable questions`,
    row('R@1 answerable', dev.ours.r1, dev.bm25.r1, dev.hnsw.r1, TARGET.devR1),
    row('R@3 answerable', dev.ours.r3, dev.bm25.r3, dev.hnsw.r3, TARGET.devR3),
    { ...oursOnly('intent accuracy (answerable)', fmtRate(dev.ours.intent)), ...geq(dev.ours.intent, TARGET.intent) },
    { ...oursOnly('declined on unanswerable', fmtRate(dev.ours.declined)), ...geq(dev.ours.declined, TARGET.declined) },
    { ...oursOnly('false declines on answerable', fmtRate(dev.ours.falseDeclines)), target: 'report' },
    {
      ...oursOnly('answerable answers citing ≥1 source', fmtRate(dev.ours.cited)),
      target: '= 1.000',
      ok: dev.ours.cited === 1,
    },
    {
      ...oursOnly('Ad-Law terms in answers', String(dev.ours.adLawTerms)),
      target: '= 0',
      ok: dev.ours.adLawTerms === 0,
    },
    { ...oursOnly('answer latency p50 / p95 (ms)', fmtLatency(dev.ours.answer)), target: 'report' },
    latencyRow('retrieval latency p50 / p95 (ms)', dev.ours.retrieval, dev.bm25.retrieval, dev.hnsw.retrieval),
    `AdvertiseGen: ${ag.products} products, ${ag.queries} queries`,
    row('R@1', ag.ours.r1, ag.bm25.r1, ag.hnsw.r1, TARGET.agR1),
    row('R@5', ag.ours.r5, ag.bm25.r5, ag.hnsw.r5, TARGET.agR5),
    ...(ag.ours.assistantR1 !== undefined
      ? [
          {
            ...oursOnly(`R@1 of assistant sources (${ag.ours.assistantN} queries)`, fmtRate(ag.ours.assistantR1)),
            target: 'report',
          },
        ]
      : []),
    {
      metric: 'ingest (ours: openKnowledgeBase; others: build)',
      ours: fmtSeconds(ag.ours.ingestMs),
      bm25: fmtSeconds(ag.bm25.ingestMs),
      hnsw: fmtSeconds(ag.hnsw.ingestMs),
      target: '≤ 20 s',
      ok: ag.ours.ingestMs <= TARGET.ingestMs,
    },
    latencyRow('retrieval latency p50 / p95 (ms)', ag.ours.retrieval, ag.bm25.retrieval, ag.hnsw.retrieval),
  ];

  const total = (performance.now() - started) / 1000;
  const out = [
    '# Daogou retrieval benchmark',
    `${new Date().toISOString()} · Node ${process.version} · ${cpus().length} cores, load ${load.toFixed(1)} at start · eval ${root}`,
    `ours = full pipeline (buildNodeApp → assistant.handle; dev R@k from reply.sources) and kb.search (k=24, linked product boosted) for retrieval alone · answers ${llm ? 'llm' : 'structured'} · embedder ${createHashingEmbedder().id} for all systems`,
    `baselines = whole documents, ranked doc ids · latencies per query after a warm-up (dev retrieval: ${TIMING_PASSES} passes over the ${dev.total} questions) · dev pack buildNodeApp ${fmtMs(dev.ours.buildMs)} ms · run ${total.toFixed(1)} s`,
    `AdvertiseGen queries = 类型 + 2 random attribute values (mulberry32, seed ${AG_SEED}); relevant = every product holding all of them (${ag.meanRelevant.toFixed(1)} per query on average); ours = kb.search, k=24`,
    '',
    renderTable(['metric', 'ours', 'BM25 (MiniSearch+jieba)', 'HNSWLib alone', 'target', '✓/✗'], rows),
  ];
  if (dev.ours.adLawExamples.length) out.push('', `Ad-Law terms found: ${dev.ours.adLawExamples.join(' ')}`);
  if (ag.ours.packIssues) out.push('', `AdvertiseGen pack issues: ${ag.ours.packIssues}`);
  process.stdout.write(`${out.join('\n')}\n`);

  if (values.verbose) {
    process.stderr.write(`\nMissed dev questions (ours): ${dev.misses.length}\n`);
    for (const m of dev.misses) {
      process.stderr.write(
        `${m.id} [${m.problems.join('; ')}] ${m.question}\n    expected ${m.expected}\n    got      ${m.got}\n`,
      );
    }
  }
}

function oursOnly(metric: string, ours: string): Row {
  return { metric, ours, bm25: NA, hnsw: NA, target: '' };
}

function geq(x: number, target: number): Pick<Row, 'target' | 'ok'> {
  return { target: `≥ ${target.toFixed(2)}`, ok: x >= target };
}

function row(metric: string, ours: number, bm25: number, hnsw: number, target: number): Row {
  return { metric, ours: fmtRate(ours), bm25: fmtRate(bm25), hnsw: fmtRate(hnsw), ...geq(ours, target) };
}

function latencyRow(
  metric: string,
  ...l: [{ p50: number; p95: number }, { p50: number; p95: number }, { p50: number; p95: number }]
): Row {
  const [ours, bm25, hnsw] = l;
  return {
    metric,
    ours: fmtLatency(ours),
    bm25: fmtLatency(bm25),
    hnsw: fmtLatency(hnsw),
    target: `p95 ≤ ${TARGET.p95Ms} ms`,
    ok: ours.p95 <= TARGET.p95Ms,
  };
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    const detail =
      err instanceof Error
        ? process.argv.includes('--verbose')
          ? (err.stack ?? err.message)
          : err.message
        : String(err);
    process.stderr.write(`bench:retrieval failed: ${detail}\n`);
    process.exit(1);
  },
);
