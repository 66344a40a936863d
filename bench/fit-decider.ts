/**
 * Fits the intent decider's weights and reports each pack left out (fit on all the others),
 * beside the in-pack fit and the text model alone; then fits on every non-held-out pack for
 * the shipped model (`--save`).
 *
 *   npm run bench:fit [-- --save]
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createHashingEmbedder } from '../src/adapters/embedders/hashing-embedder.js';
import {
  ANSWER_INTENTS,
  type AnswerIntent,
  type DeciderWeights,
  fitDecider,
  SIGNAL_NAMES,
} from '../src/answer/decide/intent-decider.js';
import { decideIntent } from '../src/answer/decide/model-classifier.js';
import { computeSignals, type SignalSource } from '../src/answer/decide/signals.js';
import { engineState, overrideDecider } from '../src/answer/engine-state.js';
import { emptyConversation } from '../src/core/conversation.js';
import { openKnowledgeBase } from '../src/knowledge/open-knowledge-base.js';
import { type DevQuestion, readDevQuestions } from './lib/dev-questions.js';
import { benchPacks } from './lib/packs.js';

export const DECIDER_FILE = join(import.meta.dirname, '..', 'src', 'answer', 'decide', 'intent-decider.model.json');

interface Pack {
  name: string;
  kb: SignalSource;
  questions: DevQuestion[];
}

/** The label a question teaches the decider: unanswerable ones are asked as product questions. */
function label(q: DevQuestion): AnswerIntent | undefined {
  if (q.intent === 'unanswerable') return undefined;
  return (ANSWER_INTENTS as readonly string[]).includes(q.intent) ? (q.intent as AnswerIntent) : undefined;
}

export async function loadPacks(): Promise<Pack[]> {
  const out: Pack[] = [];
  for (const p of benchPacks()) {
    const { kb } = await openKnowledgeBase({ packDir: p.packDir, embedder: createHashingEmbedder() });
    out.push({ name: p.name, kb, questions: await readDevQuestions(p.questionsFile) });
  }
  return out;
}

function samples(p: Pack) {
  return p.questions.flatMap((q) => {
    const intent = label(q);
    if (!intent) return [];
    const st = engineState(p.kb as never);
    const text = st.speller.correct(q.q).text;
    const signals = computeSignals(p.kb, text, st.intentModel.predict(text), emptyConversation(0));
    return [{ signals, intent }];
  });
}

function accuracy(p: Pack, w: DeciderWeights | undefined): number {
  overrideDecider(w);
  const labelled = p.questions.filter((q) => label(q));
  const ok = labelled.filter((q) => decideIntent(p.kb, q.q, emptyConversation(0)).intent === q.intent).length;
  overrideDecider(undefined);
  return ok / labelled.length;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { save: { type: 'boolean', default: false } } });
  const packs = await loadPacks();
  if (packs.length < 2) throw new Error('at least two packs with questions are needed (../shared/eval, bench/packs)');
  const cache = new Map(packs.map((p) => [p.name, samples(p)]));
  const of = (ps: Pack[]) => ps.flatMap((p) => cache.get(p.name) ?? []);
  const none: DeciderWeights = JSON.parse(JSON.stringify(fitDecider([], 'text model only')));
  const both = fitDecider(of(packs), packs.map((p) => p.name).join('+'));
  console.log(
    '| intent accuracy (answerable) | text model only | fit on this pack | fit on the others (held out) | fit on all (shipped) |',
  );
  console.log('|---|---|---|---|---|');
  const sums = [0, 0, 0, 0];
  for (const p of packs) {
    const row = [
      accuracy(p, none),
      accuracy(p, fitDecider(of([p]), p.name)),
      accuracy(p, fitDecider(of(packs.filter((x) => x !== p)), `all but ${p.name}`)),
      accuracy(p, both),
    ];
    row.forEach((v, i) => {
      sums[i] = (sums[i] ?? 0) + v;
    });
    console.log(`| ${p.name} | ${row.map((v) => v.toFixed(3)).join(' | ')} |`);
  }
  console.log(`| mean | ${sums.map((v) => (v / packs.length).toFixed(3)).join(' | ')} |`);
  console.log('\nshipped weights (nb =', both.nb.toFixed(2), ')');
  console.log(`| intent | bias | ${SIGNAL_NAMES.join(' | ')} |\n|---|---|${SIGNAL_NAMES.map(() => '---').join('|')}|`);
  for (const i of ANSWER_INTENTS) {
    console.log(
      `| ${i} | ${both.bias[i].toFixed(2)} | ${SIGNAL_NAMES.map((n) => both.w[i][n].toFixed(2)).join(' | ')} |`,
    );
  }
  if (values.save) {
    await writeFile(DECIDER_FILE, `${JSON.stringify(both, null, 1)}\n`);
    console.log(`saved → ${DECIDER_FILE}`);
  }
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
