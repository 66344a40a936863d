/** Nearest-rank percentile (p in 0..100) of a list of numbers; NaN when empty. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

/** Fraction of `true` in a list; NaN when empty. */
export function rate(flags: boolean[]): number {
  return flags.length ? flags.filter(Boolean).length / flags.length : Number.NaN;
}

/** Runs `fn` and returns its result with the wall time in milliseconds. */
export async function timed<T>(fn: () => Promise<T> | T): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - start };
}

/** Latency summary of one system. */
export interface Latency {
  p50: number;
  p95: number;
}

export function latencyOf(samples: number[]): Latency {
  return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
}
