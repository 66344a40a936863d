import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHashingEmbedder } from '../../src/adapters/embedders/hashing-embedder.js';
import { openKnowledgeBase } from '../../src/knowledge/open-knowledge-base.js';
import { type AgQuery, makeQueries, readAdvertiseGen, writeAdvertiseGenPack } from './advertisegen.js';
import type { RankedRetriever } from './baseline.js';
import { buildBm25Baseline } from './bm25-baseline.js';
import { buildHnswBaseline } from './hnsw-baseline.js';
import { buildPipeline, searchOurs } from './pipeline.js';
import { mulberry32 } from './prng.js';
import { distinctIds, hitAt } from './ranking.js';
import { type Latency, latencyOf, rate } from './stats.js';

export const AG_SEED = 42;

export interface AgScore {
  r1: number;
  r5: number;
  ingestMs: number;
  retrieval: Latency;
}

export interface AgResult {
  products: number;
  queries: number;
  /** Mean number of relevant products per query. */
  meanRelevant: number;
  ours: AgScore & { assistantR1?: number; assistantN?: number; packIssues: number };
  bm25: AgScore;
  hnsw: AgScore;
}

export interface AgOptions {
  /** How many queries (evenly spaced) also go through the full assistant; 0 to skip. */
  assistantSample: number;
}

/**
 * Converts AdvertiseGen to a pack in a temp folder, then scores ours (the engine's index,
 * built by openKnowledgeBase and timed) and the two baselines on seeded attribute queries.
 */
export async function runAdvertiseGen(evalRoot: string, opts: AgOptions): Promise<AgResult> {
  const products = await readAdvertiseGen(join(evalRoot, 'advertisegen', 'dev.json'));
  const queries = makeQueries(products, mulberry32(AG_SEED));
  const packDir = await mkdtemp(join(tmpdir(), 'daogou-bench-ag-'));
  try {
    await writeAdvertiseGenPack(products, packDir);
    const t0 = performance.now();
    const opened = await openKnowledgeBase({ packDir, embedder: createHashingEmbedder() });
    const ingestMs = performance.now() - t0;
    const kb = opened.kb;
    await searchOurs(kb, '上衣');
    const ms: number[] = [];
    const r1: boolean[] = [];
    const r5: boolean[] = [];
    for (const q of queries) {
      const res = await searchOurs(kb, q.text);
      ms.push(res.ms);
      r1.push(hitAt(res.ids, q.relevant, 1));
      r5.push(hitAt(res.ids, q.relevant, 5));
    }
    const docs = kb.all();
    const bm25 = await scoreBaseline(buildBm25Baseline(docs), queries);
    const hnsw = await scoreBaseline(await buildHnswBaseline(docs, createHashingEmbedder()), queries);
    const assistant = opts.assistantSample > 0 ? await assistantR1(packDir, queries, opts.assistantSample) : undefined;
    return {
      products: products.length,
      queries: queries.length,
      meanRelevant: queries.reduce((s, q) => s + q.relevant.size, 0) / queries.length,
      ours: {
        r1: rate(r1),
        r5: rate(r5),
        ingestMs,
        retrieval: latencyOf(ms),
        packIssues: opened.issues.length,
        ...(assistant ? { assistantR1: assistant.r1, assistantN: assistant.n } : {}),
      },
      bm25,
      hnsw,
    };
  } finally {
    await rm(packDir, { recursive: true, force: true });
  }
}

async function scoreBaseline(system: RankedRetriever, queries: AgQuery[]): Promise<AgScore> {
  await system.search('上衣', 5);
  const ms: number[] = [];
  const r1: boolean[] = [];
  const r5: boolean[] = [];
  for (const q of queries) {
    const t0 = performance.now();
    const ids = await system.search(q.text, 5);
    ms.push(performance.now() - t0);
    r1.push(hitAt(ids, q.relevant, 1));
    r5.push(hitAt(ids, q.relevant, 5));
  }
  return { r1: rate(r1), r5: rate(r5), ingestMs: system.buildMs, retrieval: latencyOf(ms) };
}

/** R@1 of the first cited source of full assistant answers, on an evenly spaced sample of queries. */
async function assistantR1(packDir: string, queries: AgQuery[], sample: number): Promise<{ r1: number; n: number }> {
  const pipe = await buildPipeline(packDir);
  try {
    const step = Math.max(1, Math.floor(queries.length / sample));
    const hits: boolean[] = [];
    for (let i = 0; i < queries.length && hits.length < sample; i += step) {
      const q = queries[i] as AgQuery;
      const { reply } = await pipe.ask(q.text);
      hits.push(hitAt(distinctIds(reply.sources.map((s) => s.id)), q.relevant, 1));
    }
    return { r1: rate(hits), n: hits.length };
  } finally {
    await pipe.close();
  }
}
