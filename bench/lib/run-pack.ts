import { lintText } from '../../src/answer/compliance.js';
import { SOURCES_PREFIX } from '../../src/core/render-text.js';
import type { Reply } from '../../src/core/reply.js';
import type { KnowledgeDoc } from '../../src/ports/knowledge.js';
import { buildBigramBaseline } from './bigram-baseline.js';
import { type DevQuestion, isAnswerable, readDevQuestions } from './dev-questions.js';
import { buildPipeline, type Pipeline } from './pipeline.js';
import { distinctIds, hitAt } from './ranking.js';
import { type Latency, latencyOf, rate } from './stats.js';

/** Figures of one pack run through the whole product (no LLM). */
export interface PackResult {
  name: string;
  answerable: number;
  unanswerable: number;
  r1: number;
  r3: number;
  intent: number;
  declined: number;
  falseDeclines: number;
  cited: number;
  adLawTerms: number;
  answer: Latency;
  baseline: { r1: number; r3: number };
  /** Length of the first screen (characters before 更多), p95. */
  firstScreenP95: number;
  misses: { id: string; q: string; problems: string[]; expected: string; got: string }[];
}

export interface PackSpec {
  name: string;
  packDir: string;
  questionsFile: string;
}

/**
 * Characters of a reply's first screen: everything before the 更多 marker, without line
 * breaks and without the sources line (shown apart: a footnote in Lark, the last line in text).
 */
export function firstScreenLength(reply: Reply): number {
  const cut = reply.text.indexOf('【更多】');
  const shown = (cut >= 0 ? reply.text.slice(0, cut) : reply.text)
    .split('\n')
    .filter((l) => !l.startsWith(SOURCES_PREFIX))
    .join('');
  return Array.from(shown).length;
}

/**
 * Runs one pack's questions through the product as a user meets it (buildNodeApp, fresh
 * conversation per question) and a whole-document char-bigram BM25 baseline.
 */
export async function runPack(spec: PackSpec, pipe?: Pipeline): Promise<PackResult> {
  const questions = await readDevQuestions(spec.questionsFile);
  const own = !pipe;
  const p = pipe ?? (await buildPipeline(spec.packDir));
  try {
    await p.ask('你好');
    const kb = p.app.knowledge.kb;
    const baseline = buildBigramBaseline(kb.all() as KnowledgeDoc[]);
    const r1: boolean[] = [];
    const r3: boolean[] = [];
    const b1: boolean[] = [];
    const b3: boolean[] = [];
    const intentOk: boolean[] = [];
    const declinedOk: boolean[] = [];
    const falseDecl: boolean[] = [];
    const cited: boolean[] = [];
    const ms: number[] = [];
    const screens: number[] = [];
    let adLaw = 0;
    const misses: PackResult['misses'] = [];
    for (const q of questions) {
      const { reply, ms: t } = await p.ask(q.q);
      ms.push(t);
      screens.push(firstScreenLength(reply));
      adLaw += lintText(reply.text).length;
      const ids = distinctIds(reply.sources.map((s) => s.id));
      const problems: string[] = [];
      intentOk.push(reply.intent === q.intent || (q.intent === 'unanswerable' && reply.declined));
      if (isAnswerable(q)) {
        const bIds = baseline.search(q.q, 3);
        b1.push(hitAt(bIds, q.expectIds, 1));
        b3.push(hitAt(bIds, q.expectIds, 3));
        const h1 = hitAt(ids, q.expectIds, 1);
        const h3 = hitAt(ids, q.expectIds, 3);
        r1.push(h1);
        r3.push(h3);
        falseDecl.push(reply.declined);
        cited.push(reply.sources.length > 0);
        if (!h3) problems.push('R@3');
        else if (!h1) problems.push('R@1');
        if (reply.intent !== q.intent) problems.push('intent');
        if (reply.declined) problems.push('false decline');
      } else {
        declinedOk.push(reply.declined);
        if (!reply.declined) problems.push('not declined');
      }
      if (problems.length) {
        misses.push({
          id: q.id,
          q: q.q,
          problems,
          expected: `${q.intent} [${q.expectIds.join(',')}]`,
          got: `${reply.intent}${reply.declined ? ' declined' : ''} [${ids.slice(0, 3).join(',')}]`,
        });
      }
    }
    return {
      name: spec.name,
      answerable: r1.length,
      unanswerable: declinedOk.length,
      r1: rate(r1),
      r3: rate(r3),
      intent: rate(intentOk),
      declined: rate(declinedOk),
      falseDeclines: falseDecl.filter(Boolean).length,
      cited: rate(cited),
      adLawTerms: adLaw,
      answer: latencyOf(ms),
      baseline: { r1: rate(b1), r3: rate(b3) },
      firstScreenP95: latencyOf(screens).p95,
      misses,
    };
  } finally {
    if (own) await p.close();
  }
}

export type { DevQuestion };
