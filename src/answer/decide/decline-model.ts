import type { CoverageFeatures } from '../coverage.js';

/** What the decline decision weighs for one product answer: coverage evidence plus the link. */
export interface DeclineInput extends CoverageFeatures {
  /** 1 when the product was named outright (or carried from the conversation), 0 when inferred from shared words. */
  strongLink: number;
}

export const DECLINE_FEATURES = [
  'coverage',
  'strict',
  'topMissing',
  'latinMissing',
  'headMissing',
  'asked',
  'nounMissing',
  'together',
  'unexplained',
  'factApart',
  'residue',
  'residueRun',
  'packAbsent',
  'amountMissing',
  'strongLink',
] as const satisfies readonly (keyof DeclineInput)[];

/**
 * Logistic regression: P(decline) = σ(bias + Σ w·x). Fit by `npm run bench:fit` on the
 * packs' answerable and unanswerable questions (saved in `decline.model.json`); a false
 * decline and a missed one cost the same, so the bot declines at P ≥ 0.5.
 */
export interface DeclineWeights {
  w: Record<(typeof DECLINE_FEATURES)[number], number>;
  bias: number;
  /** Decline at P ≥ cutoff: chosen on the fitting packs so a false decline costs as much as a missed one, per pack. */
  cutoff: number;
  fitOn: string;
}

/** True when the bot should decline rather than answer. */
export function shouldDecline(x: DeclineInput, wts: DeclineWeights): boolean {
  // The wh-phrase's head (哪个厂家, 哪产) is the concept asked; when the evidence lacks it, nothing nearby answers.
  return x.headMissing === 1 || declineProbability(x, wts) >= wts.cutoff;
}

export function declineProbability(x: DeclineInput, wts: DeclineWeights): number {
  const z = DECLINE_FEATURES.reduce((a, n) => a + (wts.w[n] ?? 0) * x[n], wts.bias);
  return 1 / (1 + Math.exp(-z));
}

/** Fits the weights by gradient descent on the log-loss with a small L2 penalty (not on the bias). */
export function fitDeclineModel(
  samples: { x: DeclineInput; decline: boolean; pack: string }[],
  fitOn: string,
  l2 = 0.01,
): DeclineWeights {
  const w = Object.fromEntries(DECLINE_FEATURES.map((n) => [n, 0])) as DeclineWeights['w'];
  const wts: DeclineWeights = { w, bias: 0, cutoff: 0.5, fitOn };
  const n = Math.max(1, samples.length);
  const lr = 0.5;
  for (let epoch = 0; epoch < 4000; epoch++) {
    const g = Object.fromEntries(DECLINE_FEATURES.map((k) => [k, 0])) as DeclineWeights['w'];
    let gb = 0;
    for (const { x, decline } of samples) {
      const err = declineProbability(x, wts) - (decline ? 1 : 0);
      gb += err;
      for (const k of DECLINE_FEATURES) g[k] += err * x[k];
    }
    wts.bias -= (lr * gb) / n;
    for (const k of DECLINE_FEATURES) w[k] -= lr * (g[k] / n + l2 * w[k]);
  }
  // Cutoff: per pack, (declined − false declines) / unanswerable, summed over the fitting packs.
  const unanswerable = new Map<string, number>();
  for (const s of samples) if (s.decline) unanswerable.set(s.pack, (unanswerable.get(s.pack) ?? 0) + 1);
  const utility = (c: number) =>
    samples.reduce((a, s) => {
      if (declineProbability(s.x, wts) < c) return a;
      return a + (s.decline ? 1 : -1) / Math.max(1, unanswerable.get(s.pack) ?? 0);
    }, 0);
  let best = 0.5;
  for (let c = 0.1; c <= 0.9001; c += 0.05) if (utility(c) > utility(best) + 1e-9) best = Number(c.toFixed(2));
  wts.cutoff = best;
  return wts;
}
