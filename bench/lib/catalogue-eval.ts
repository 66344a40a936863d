import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KnowledgeDoc } from '../../src/ports/knowledge.js';
import { makeQueries, readAdvertiseGen, writeAdvertiseGenPack } from './advertisegen.js';
import { buildBigramBaseline } from './bigram-baseline.js';
import { buildPipeline } from './pipeline.js';
import { mulberry32 } from './prng.js';
import { type Latency, latencyOf } from './stats.js';

/** Associates' ways of asking the catalogue; `{c}` category, `{a}` `{b}` attribute values. */
const PHRASINGS = [
  '有没有{a}{b}的{c}',
  '顾客想要{a}、{b}那种{c}，推荐哪款',
  '{c}有{a}的吗 要{b}的',
  '想找一款{a}的{c} 最好{b}',
];

export interface CatalogueScore {
  queries: number;
  r1: number;
  baselineR1: number;
  ingestMs: number;
  /** Whole-answer latency through the assistant, ms. */
  answer: Latency;
}

/**
 * Catalogue questions over the AdvertiseGen products, phrased as associates ask, through the
 * whole assistant: a hit when the first source is a product holding every asked attribute.
 */
export async function scoreCatalogue(agFile: string, sample = 300): Promise<CatalogueScore> {
  const products = await readAdvertiseGen(agFile);
  const all = makeQueries(products, mulberry32(42)).filter((q) => q.text.split(' ').length === 3);
  const step = Math.max(1, Math.floor(all.length / sample));
  const queries = all.filter((_, i) => i % step === 0).slice(0, sample);
  const dir = await mkdtemp(join(tmpdir(), 'daogou-cat-'));
  try {
    await writeAdvertiseGenPack(products, dir);
    const t0 = performance.now();
    const pipe = await buildPipeline(dir);
    const ingestMs = performance.now() - t0;
    const baseline = buildBigramBaseline(pipe.app.knowledge.kb.all() as KnowledgeDoc[]);
    let ok = 0;
    let bOk = 0;
    const ms: number[] = [];
    await pipe.ask('你好');
    try {
      for (const [i, q] of queries.entries()) {
        const [c = '', a = '', b = ''] = q.text.split(' ');
        const text = (PHRASINGS[i % PHRASINGS.length] ?? '').replace('{c}', c).replace('{a}', a).replace('{b}', b);
        const { reply, ms: t } = await pipe.ask(text);
        ms.push(t);
        if (reply.sources[0] && q.relevant.has(reply.sources[0].id)) ok++;
        // CAT_MISSES=1 prints each miss (the set is public material, fine to read).
        else if (process.env.CAT_MISSES) console.log('miss', text, reply.intent, reply.declined, reply.sources[0]?.id);
        const top = baseline.search(text, 1)[0];
        if (top && q.relevant.has(top)) bOk++;
      }
    } finally {
      await pipe.close();
    }
    return {
      queries: queries.length,
      r1: ok / queries.length,
      baselineR1: bOk / queries.length,
      ingestMs,
      answer: latencyOf(ms),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
