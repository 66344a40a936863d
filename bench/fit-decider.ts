/**
 * Fits the intent decider's weights and reports each pack left out (fit on all the others),
 * beside the in-pack fit and the text model alone; then fits on every non-held-out pack for
 * the shipped model (`--save`).
 *
 *   npm run bench:fit [-- --save]
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createHashingEmbedder } from '../src/adapters/embedders/hashing-embedder.js';
import { answerQuestion } from '../src/answer/answer-question.js';
import {
  DECLINE_FEATURES,
  type DeclineInput,
  type DeclineWeights,
  fitDeclineModel,
} from '../src/answer/decide/decline-model.js';
import {
  ANSWER_INTENTS,
  type AnswerIntent,
  type DeciderWeights,
  fitDecider,
  SIGNAL_NAMES,
} from '../src/answer/decide/intent-decider.js';
import { decideIntent } from '../src/answer/decide/model-classifier.js';
import { computeSignals, modelText, type SignalSource } from '../src/answer/decide/signals.js';
import { engineState, overrideDecider, overrideDecline } from '../src/answer/engine-state.js';
import { emptyConversation } from '../src/core/conversation.js';
import { openKnowledgeBase } from '../src/knowledge/open-knowledge-base.js';
import { type DevQuestion, readDevQuestions } from './lib/dev-questions.js';
import { benchPacks } from './lib/packs.js';

export const DECLINE_FILE = join(import.meta.dirname, '..', 'src', 'answer', 'decide', 'decline.model.json');
export const DECIDER_FILE = join(import.meta.dirname, '..', 'src', 'answer', 'decide', 'intent-decider.model.json');

interface Pack {
  name: string;
  kb: SignalSource;
  questions: DevQuestion[];
  /**
   * Extra decline-training questions on this pack (`bench/data/decline-extra/<name>.jsonl`):
   * near-miss unanswerable ones and paraphrased answerable ones. They add samples to the
   * decline fit; every figure printed is still measured on the pack's own questions.
   */
  declineExtra: DevQuestion[];
}

const DECLINE_EXTRA_DIR = join(import.meta.dirname, 'data', 'decline-extra');

/** The label a question teaches the decider: unanswerable ones are asked as product questions. */
function label(q: DevQuestion): AnswerIntent | undefined {
  if (q.intent === 'unanswerable') return undefined;
  return (ANSWER_INTENTS as readonly string[]).includes(q.intent) ? (q.intent as AnswerIntent) : undefined;
}

export async function loadPacks(): Promise<Pack[]> {
  const out: Pack[] = [];
  for (const p of benchPacks()) {
    const { kb } = await openKnowledgeBase({ packDir: p.packDir, embedder: createHashingEmbedder() });
    const extra = join(DECLINE_EXTRA_DIR, `${p.name}.jsonl`);
    out.push({
      name: p.name,
      kb,
      questions: await readDevQuestions(p.questionsFile),
      declineExtra: existsSync(extra) ? await readDevQuestions(extra) : [],
    });
  }
  return out;
}

function samples(p: Pack) {
  return p.questions.flatMap((q) => {
    const intent = label(q);
    if (!intent) return [];
    const st = engineState(p.kb as never);
    const text = st.speller.correct(q.q).text;
    const signals = computeSignals(p.kb, text, st.intentModel.predict(modelText(p.kb, text)), emptyConversation(0));
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

/** The decline decisions of one pack's questions under decline weights `w`: declined share of unanswerable, false declines. */
async function declineFigures(p: Pack, w: DeclineWeights): Promise<{ declined: number; falseDeclines: number }> {
  overrideDecline(w);
  let declinedOk = 0;
  let unanswerable = 0;
  let falseDeclines = 0;
  for (const q of p.questions) {
    const { intent } = decideIntent(p.kb, q.q, emptyConversation(0));
    if (intent === 'feedback_report') continue;
    const r = await answerQuestion(p.kb as never, q.q, intent, emptyConversation(0));
    if (q.intent === 'unanswerable') {
      unanswerable++;
      if (r.draft.declined) declinedOk++;
    } else if (r.draft.declined) falseDeclines++;
  }
  overrideDecline(undefined);
  return { declined: declinedOk / Math.max(1, unanswerable), falseDeclines };
}

/** Decline-model samples: every question whose answer was checked against the pack, labelled by the pack's truth. */
async function declineSamples(p: Pack): Promise<{ x: DeclineInput; decline: boolean; pack: string }[]> {
  const out: { x: DeclineInput; decline: boolean; pack: string }[] = [];
  for (const q of [...p.questions, ...p.declineExtra]) {
    const { intent } = decideIntent(p.kb, q.q, emptyConversation(0));
    // Reports are filed by the feedback feature, not answered: no decline decision to learn from.
    if (intent === 'feedback_report' || q.intent === 'feedback_report') continue;
    const r = await answerQuestion(p.kb as never, q.q, intent, emptyConversation(0));
    if (r.declineInput) out.push({ x: r.declineInput, decline: q.intent === 'unanswerable', pack: p.name });
  }
  return out;
}

async function fitDeclines(packs: Pack[], save: boolean): Promise<void> {
  const cache = new Map<string, { x: DeclineInput; decline: boolean; pack: string }[]>();
  for (const p of packs) cache.set(p.name, await declineSamples(p));
  const of = (ps: Pack[]) => ps.flatMap((p) => cache.get(p.name) ?? []);
  const rule: DeclineWeights = {
    w: {
      coverage: -10,
      strict: 0,
      topMissing: 0,
      latinMissing: 0,
      headMissing: 0,
      asked: 0,
      nounMissing: 0,
      together: 0,
      unexplained: 0,
      factApart: 0,
      residue: 0,
      residueRun: 0,
      packAbsent: 0,
      amountMissing: 0,
      strongLink: 0,
    },
    bias: 1,
    cutoff: 0.5,
    fitOn: 'rule: coverage below 0.1',
  };
  const all = fitDeclineModel(of(packs), packs.map((p) => p.name).join('+'));
  console.log(
    `\ndecline model (${of(packs).length} checked answers, ${of(packs).filter((s) => s.decline).length} of them unanswerable; ${packs.reduce((a, p) => a + p.declineExtra.length, 0)} questions from bench/data/decline-extra): unanswerable declined (false declines) on each pack's own questions`,
  );
  console.log(
    '| pack | rule: coverage < 0.1 | fit on this pack | fit on the others (held out) | fit on all (shipped) |',
  );
  console.log('|---|---|---|---|---|');
  const fmt = (f: { declined: number; falseDeclines: number }) => `${f.declined.toFixed(3)} (${f.falseDeclines})`;
  for (const p of packs) {
    const row = [
      await declineFigures(p, rule),
      await declineFigures(p, fitDeclineModel(of([p]), p.name)),
      await declineFigures(p, fitDeclineModel(of(packs.filter((x) => x !== p)), `all but ${p.name}`)),
      await declineFigures(p, all),
    ];
    console.log(`| ${p.name} | ${row.map(fmt).join(' | ')} |`);
  }
  console.log(
    `\nshipped decline weights: cutoff ${all.cutoff}, bias ${all.bias.toFixed(2)}, ${DECLINE_FEATURES.map((n) => `${n} ${all.w[n].toFixed(2)}`).join(', ')}`,
  );
  if (save) {
    await writeFile(DECLINE_FILE, `${JSON.stringify(all, null, 1)}\n`);
    console.log(`saved → ${DECLINE_FILE}`);
  }
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
  // The decline model is fit on the answers the (new) intent decider routes to a product answer.
  overrideDecider(both);
  await fitDeclines(packs, values.save ?? false);
  overrideDecider(undefined);
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
