import type { Intent } from '../../core/reply.js';
import type { Signals } from './signals.js';

/** The intents the decider chooses among for a question about the pack. */
export const ANSWER_INTENTS = [
  'product_question',
  'competitor_compare',
  'objection_handling',
  'complaint',
  'feedback_report',
] as const satisfies readonly Intent[];
export type AnswerIntent = (typeof ANSWER_INTENTS)[number];

/** Pack signals, each a feature of every intent (one weight per intent and signal). */
export const SIGNAL_NAMES = [
  'trigger',
  'playbook',
  'scenario',
  'competitor',
  'product',
  'ownPair',
  'contact',
  'followUp',
] as const;
export type SignalName = (typeof SIGNAL_NAMES)[number];

/**
 * Weights of the intent decision: score(i) = nb · log P_text(i) + Σ_s w[i][s] · signal_s + bias[i].
 * Fit by `bench/fit-decider.ts` on one public pack's questions (saved in `intent-decider.model.json`).
 */
export interface DeciderWeights {
  nb: number;
  w: Record<AnswerIntent, Record<SignalName, number>>;
  bias: Record<AnswerIntent, number>;
  /** Where the weights came from (pack names, date), printed by the bench. */
  fitOn: string;
}

/**
 * Naive Bayes is overconfident (log-probabilities of −20 for a plausible intent); below this
 * floor the text model's opinion is clipped so pack evidence such as a named competitor can
 * still decide.
 */
export const PROB_FLOOR = 1e-6;

/** The feature vector of one intent: [log P_text, ...signals]. */
export function featureRow(s: Signals, intent: AnswerIntent): number[] {
  return [Math.log(Math.max(PROB_FLOOR, s.probs[intent] ?? 0)), ...SIGNAL_NAMES.map((n) => s[n])];
}

/** Score of each answer intent, and the probabilities after a softmax. */
export function scoreIntents(s: Signals, wts: DeciderWeights): { intent: AnswerIntent; score: number; p: number }[] {
  const scores = ANSWER_INTENTS.map((intent) => {
    const [lp = 0, ...sig] = featureRow(s, intent);
    const w = wts.w[intent];
    const score = wts.nb * lp + SIGNAL_NAMES.reduce((a, n, k) => a + (w[n] ?? 0) * (sig[k] ?? 0), 0) + wts.bias[intent];
    return { intent, score };
  });
  const m = Math.max(...scores.map((x) => x.score));
  const z = scores.reduce((a, x) => a + Math.exp(x.score - m), 0);
  return scores.map((x) => ({ ...x, p: Math.exp(x.score - m) / z })).sort((a, b) => b.score - a.score);
}

/** Fits the weights by softmax regression (gradient descent, L2 towards the text-only prior). */
export function fitDecider(
  samples: { signals: Signals; intent: AnswerIntent }[],
  fitOn: string,
  l2 = 0.01,
): DeciderWeights {
  const zero = () => Object.fromEntries(SIGNAL_NAMES.map((n) => [n, 0])) as Record<SignalName, number>;
  const wts: DeciderWeights = {
    nb: 1,
    w: Object.fromEntries(ANSWER_INTENTS.map((i) => [i, zero()])) as DeciderWeights['w'],
    bias: Object.fromEntries(ANSWER_INTENTS.map((i) => [i, 0])) as DeciderWeights['bias'],
    fitOn,
  };
  const lr = 0.3;
  const n = Math.max(1, samples.length);
  for (let epoch = 0; epoch < 3000; epoch++) {
    let gNb = 0;
    const gW = Object.fromEntries(ANSWER_INTENTS.map((i) => [i, zero()])) as DeciderWeights['w'];
    const gB = Object.fromEntries(ANSWER_INTENTS.map((i) => [i, 0])) as DeciderWeights['bias'];
    for (const { signals, intent } of samples) {
      const scored = scoreIntents(signals, wts);
      for (const x of scored) {
        const err = x.p - (x.intent === intent ? 1 : 0);
        const [lp = 0, ...sig] = featureRow(signals, x.intent);
        gNb += err * lp;
        SIGNAL_NAMES.forEach((name, k) => {
          gW[x.intent][name] += err * (sig[k] ?? 0);
        });
        gB[x.intent] += err;
      }
    }
    wts.nb -= lr * (gNb / n + l2 * (wts.nb - 1));
    for (const i of ANSWER_INTENTS) {
      for (const name of SIGNAL_NAMES) wts.w[i][name] -= lr * (gW[i][name] / n + l2 * wts.w[i][name]);
      wts.bias[i] -= lr * (gB[i] / n + l2 * wts.bias[i]);
    }
  }
  return wts;
}
