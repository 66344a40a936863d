import { join } from 'node:path';
import { createHashingEmbedder } from '../../src/adapters/embedders/hashing-embedder.js';
import { lintText } from '../../src/answer/compliance.js';
import type { RankedRetriever } from './baseline.js';
import { buildBm25Baseline } from './bm25-baseline.js';
import { type DevQuestion, isAnswerable, readDevQuestions } from './dev-questions.js';
import { buildHnswBaseline } from './hnsw-baseline.js';
import { buildPipeline, searchOurs } from './pipeline.js';
import { distinctIds, hitAt } from './ranking.js';
import { type Latency, latencyOf, rate } from './stats.js';

/** Each question is searched this many times for the retrieval latency percentiles. */
export const TIMING_PASSES = 5;

export interface RetrievalScore {
  r1: number;
  r3: number;
  retrieval: Latency;
}

/** One question ours got wrong in any scored way. */
export interface DevMiss {
  id: string;
  question: string;
  problems: string[];
  expected: string;
  got: string;
}

export interface DevResult {
  total: number;
  answerable: number;
  unanswerable: number;
  ours: RetrievalScore & {
    intent: number;
    declined: number;
    falseDeclines: number;
    cited: number;
    adLawTerms: number;
    adLawExamples: string[];
    answer: Latency;
    buildMs: number;
  };
  bm25: RetrievalScore;
  hnsw: RetrievalScore;
  misses: DevMiss[];
}

/** Runs the dev pack questions through ours (full pipeline) and the two baselines. */
export async function runDev(evalRoot: string): Promise<DevResult> {
  const packDir = join(evalRoot, 'dev-pack');
  const questions = await readDevQuestions(join(evalRoot, 'dev-questions.jsonl'));
  const answerable = questions.filter(isAnswerable);
  const pipe = await buildPipeline(packDir);
  try {
    const kb = pipe.app.knowledge.kb;
    await pipe.ask('你好'); // warm-up: first-call costs (jieba, SQLite statements) are not a question's latency
    await searchOurs(kb, '你好');
    const answerMs: number[] = [];
    const searchMs: number[] = [];
    const r1: boolean[] = [];
    const r3: boolean[] = [];
    const intentOk: boolean[] = [];
    const declinedOk: boolean[] = [];
    const falseDecline: boolean[] = [];
    const cited: boolean[] = [];
    const adLaw: string[] = [];
    const misses: DevMiss[] = [];
    for (const q of questions) {
      const { reply, ms } = await pipe.ask(q.q);
      answerMs.push(ms);
      const found = lintText(reply.text).map((f) => f.term);
      adLaw.push(...found.map((t) => `${q.id}:${t}`));
      const ids = distinctIds(reply.sources.map((s) => s.id));
      const problems: string[] = [];
      if (isAnswerable(q)) {
        const h1 = hitAt(ids, q.expectIds, 1);
        const h3 = hitAt(ids, q.expectIds, 3);
        r1.push(h1);
        r3.push(h3);
        intentOk.push(reply.intent === q.intent);
        falseDecline.push(reply.declined);
        cited.push(reply.sources.length > 0);
        if (!h3) problems.push('R@3');
        else if (!h1) problems.push('R@1');
        if (reply.intent !== q.intent) problems.push('intent');
        if (reply.declined) problems.push('false decline');
        if (reply.sources.length === 0) problems.push('no source');
      } else {
        declinedOk.push(reply.declined);
        if (!reply.declined) problems.push('not declined');
      }
      if (found.length) problems.push(`Ad-Law ${found.join(',')}`);
      if (problems.length) misses.push(describeMiss(q, problems, reply, ids));
    }
    // Retrieval alone is timed in its own passes (40 samples are too few for a stable p95).
    for (let pass = 0; pass < TIMING_PASSES; pass++) {
      for (const q of questions) searchMs.push((await searchOurs(kb, q.q)).ms);
    }
    const bm25 = await scoreBaseline(buildBm25Baseline(kb.all()), questions);
    const hnsw = await scoreBaseline(await buildHnswBaseline(kb.all(), createHashingEmbedder()), questions);
    return {
      total: questions.length,
      answerable: answerable.length,
      unanswerable: questions.length - answerable.length,
      ours: {
        r1: rate(r1),
        r3: rate(r3),
        retrieval: latencyOf(searchMs),
        intent: rate(intentOk),
        declined: rate(declinedOk),
        falseDeclines: rate(falseDecline),
        cited: rate(cited),
        adLawTerms: adLaw.length,
        adLawExamples: adLaw.slice(0, 5),
        answer: latencyOf(answerMs),
        buildMs: pipe.buildMs,
      },
      bm25,
      hnsw,
      misses,
    };
  } finally {
    await pipe.close();
  }
}

function describeMiss(
  q: DevQuestion,
  problems: string[],
  reply: { intent: string; declined: boolean },
  ids: string[],
): DevMiss {
  const expected = `${q.intent}${q.expectIds.length ? ` [${q.expectIds.join(', ')}]` : ' (decline)'}`;
  const got = `${reply.intent}${reply.declined ? ' declined' : ''} [${ids.slice(0, 3).join(', ')}]`;
  return { id: q.id, question: q.q, problems, expected, got };
}

/** R@1/R@3 over the answerable questions; latency over all of them, in as many passes as ours. */
async function scoreBaseline(system: RankedRetriever, questions: DevQuestion[]): Promise<RetrievalScore> {
  await system.search('你好', 3);
  const r1: boolean[] = [];
  const r3: boolean[] = [];
  const ms: number[] = [];
  for (let pass = 0; pass < TIMING_PASSES; pass++) {
    for (const q of questions) {
      const t0 = performance.now();
      const ids = await system.search(q.q, 3);
      ms.push(performance.now() - t0);
      if (pass > 0 || !isAnswerable(q)) continue;
      r1.push(hitAt(ids, q.expectIds, 1));
      r3.push(hitAt(ids, q.expectIds, 3));
    }
  }
  return { r1: rate(r1), r3: rate(r3), retrieval: latencyOf(ms) };
}
