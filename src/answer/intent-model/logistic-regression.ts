/**
 * Multinomial logistic regression over sparse binary string features, fit by stochastic
 * gradient descent with L2 regularisation (deterministic order). Unlike naive Bayes it does
 * not count correlated n-grams (什, 么, 什么) as independent evidence. `fit` trains,
 * `predict` never refits; `toJSON`/`fromJSON` persist the fit.
 */
export interface LogisticJson {
  kind: 'multinomial-logistic';
  classes: string[];
  bias: number[];
  /** Feature → weight per class (rounded); features with all-small weights are dropped. */
  weights: Record<string, number[]>;
}

export interface LogisticOptions {
  epochs: number;
  learningRate: number;
  l2: number;
  /** Features seen in fewer training examples are ignored. */
  minCount: number;
}

export const DEFAULT_LOGISTIC: LogisticOptions = { epochs: 30, learningRate: 0.2, l2: 1e-4, minCount: 2 };

export class LogisticRegression {
  private constructor(private readonly json: LogisticJson) {}

  get classes(): readonly string[] {
    return this.json.classes;
  }

  static fit(
    examples: { features: string[]; label: string }[],
    opts: LogisticOptions = DEFAULT_LOGISTIC,
  ): LogisticRegression {
    const classes = [...new Set(examples.map((e) => e.label))].sort();
    const K = classes.length;
    const idx = new Map(classes.map((c, i) => [c, i]));
    const df = new Map<string, number>();
    for (const e of examples) for (const f of new Set(e.features)) df.set(f, (df.get(f) ?? 0) + 1);
    const W = new Map<string, Float64Array>();
    for (const [f, n] of df) if (n >= opts.minCount) W.set(f, new Float64Array(K));
    const bias = new Float64Array(K);
    const data = examples.map((e) => ({
      y: idx.get(e.label) as number,
      x: [...new Set(e.features)].filter((f) => W.has(f)),
    }));
    const scores = new Float64Array(K);
    for (let epoch = 0; epoch < opts.epochs; epoch++) {
      const lr = opts.learningRate / (1 + epoch * 0.1);
      // A fixed permutation per epoch keeps the fit reproducible.
      const order = data
        .map((_, i) => i)
        .sort((a, b) => ((a * 7919 + epoch * 104729) % data.length) - ((b * 7919 + epoch * 104729) % data.length));
      for (const i of order) {
        const { x, y } = data[i] as { x: string[]; y: number };
        for (let k = 0; k < K; k++) scores[k] = bias[k] ?? 0;
        for (const f of x) {
          const w = W.get(f) as Float64Array;
          for (let k = 0; k < K; k++) scores[k] = (scores[k] ?? 0) + (w[k] ?? 0);
        }
        const p = softmax(Array.from(scores));
        for (let k = 0; k < K; k++) {
          const g = (p[k] ?? 0) - (k === y ? 1 : 0);
          bias[k] = (bias[k] ?? 0) - lr * g;
          for (const f of x) {
            const w = W.get(f) as Float64Array;
            w[k] = (w[k] ?? 0) - lr * (g + opts.l2 * (w[k] ?? 0));
          }
        }
      }
    }
    const weights: Record<string, number[]> = {};
    for (const [f, w] of [...W.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      if (Array.from(w).some((v) => Math.abs(v) >= 1e-3)) weights[f] = Array.from(w, (v) => Math.round(v * 1e4) / 1e4);
    }
    return new LogisticRegression({
      kind: 'multinomial-logistic',
      classes,
      bias: Array.from(bias, (v) => Math.round(v * 1e4) / 1e4),
      weights,
    });
  }

  static fromJSON(json: LogisticJson): LogisticRegression {
    if (json.kind !== 'multinomial-logistic' || !Array.isArray(json.classes))
      throw new Error('not a logistic regression model');
    return new LogisticRegression(json);
  }

  toJSON(): LogisticJson {
    return this.json;
  }

  /** Probability of each class (same order as `classes`). Unknown features are ignored. */
  predict(features: string[]): number[] {
    const s = [...this.json.bias];
    for (const f of new Set(features)) {
      const w = this.json.weights[f];
      if (!w) continue;
      for (let k = 0; k < s.length; k++) s[k] = (s[k] ?? 0) + (w[k] ?? 0);
    }
    return softmax(s);
  }
}

export function softmax(xs: number[]): number[] {
  const m = Math.max(...xs);
  const e = xs.map((x) => Math.exp(x - m));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / sum);
}
