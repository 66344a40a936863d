import type { Intent } from '../../core/reply.js';
import type { CorpusLine } from './corpus.js';
import { NaiveBayes, type NaiveBayesJson } from './naive-bayes.js';
import { textFeatures } from './text-features.js';

/** Probability of each intent for one utterance, from text alone (pack-independent). */
export type IntentProbs = Partial<Record<Intent, number>>;

/** The pack-independent intent model: naive Bayes over character and pinyin n-grams. */
export class IntentModel {
  constructor(private readonly nb: NaiveBayes) {}

  static fit(lines: CorpusLine[]): IntentModel {
    return new IntentModel(NaiveBayes.fit(lines.map((l) => ({ features: textFeatures(l.text), label: l.intent }))));
  }

  static fromJSON(json: NaiveBayesJson): IntentModel {
    return new IntentModel(NaiveBayes.fromJSON(json));
  }

  toJSON(): NaiveBayesJson {
    return this.nb.toJSON();
  }

  predict(text: string): IntentProbs {
    const p = this.nb.predict(textFeatures(text));
    const out: IntentProbs = {};
    this.nb.classes.forEach((c, i) => {
      out[c as Intent] = p[i] ?? 0;
    });
    return out;
  }
}

/** k-fold cross-validated accuracy (folds by line index, deterministic), plus per-vertical held-out accuracy. */
export function crossValidate(lines: CorpusLine[], k = 5): { accuracy: number; byVertical: number } {
  let ok = 0;
  for (let f = 0; f < k; f++) {
    const train = lines.filter((_, i) => i % k !== f);
    const test = lines.filter((_, i) => i % k === f);
    const m = IntentModel.fit(train);
    for (const l of test) if (argmax(m.predict(l.text)) === l.intent) ok++;
  }
  // Leave-one-vertical-out: the corpus's stand-in for "a pack in a vertical never seen".
  const verticals = [...new Set(lines.map((l) => l.vertical))].filter((v) => v !== '通用');
  let vOk = 0;
  let vN = 0;
  for (const v of verticals) {
    const m = IntentModel.fit(lines.filter((l) => l.vertical !== v));
    for (const l of lines.filter((x) => x.vertical === v)) {
      vN++;
      if (argmax(m.predict(l.text)) === l.intent) vOk++;
    }
  }
  return { accuracy: ok / lines.length, byVertical: vN ? vOk / vN : Number.NaN };
}

export function argmax(p: IntentProbs): Intent {
  let best: Intent = 'other';
  let bp = -1;
  for (const [k, v] of Object.entries(p)) {
    if ((v ?? 0) > bp) {
      bp = v ?? 0;
      best = k as Intent;
    }
  }
  return best;
}
