/**
 * Fits the intent decider's weights on one public pack and reports the other as held out,
 * in both directions, then fits on both for the shipped model (`--save`).
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
import { evalDir } from './lib/eval-paths.js';

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

export async function loadPacks(names = ['dev', 'b']): Promise<Pack[]> {
  const root = evalDir();
  const specs: Record<string, [string, string]> = {
    dev: ['dev-pack', 'dev-questions.jsonl'],
    b: ['pack-b', 'pack-b-questions.jsonl'],
  };
  const out: Pack[] = [];
  for (const name of names) {
    const [dir, qs] = specs[name] ?? [];
    if (!dir || !qs) continue;
    const { kb } = await openKnowledgeBase({ packDir: join(root, dir), embedder: createHashingEmbedder() });
    out.push({ name, kb, questions: await readDevQuestions(join(root, qs)) });
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
  const [a, b] = packs;
  if (!a || !b) throw new Error('both public packs are needed (../shared/eval)');
  const none: DeciderWeights = JSON.parse(JSON.stringify(fitDecider([], 'text model only')));
  const onA = fitDecider(samples(a), a.name);
  const onB = fitDecider(samples(b), b.name);
  const both = fitDecider([...samples(a), ...samples(b)], `${a.name}+${b.name}`);
  console.log('| intent accuracy (answerable) | on dev | on b |\n|---|---|---|');
  for (const [label, w] of [
    ['text model only, no pack signals', none],
    [`fit on ${a.name}`, onA],
    [`fit on ${b.name}`, onB],
    [`fit on both (shipped)`, both],
  ] as const) {
    console.log(`| ${label} | ${accuracy(a, w).toFixed(3)} | ${accuracy(b, w).toFixed(3)} |`);
  }
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
