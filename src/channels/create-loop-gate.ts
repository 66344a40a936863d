/**
 * Admission by event-loop lag. Work that burns CPU in long synchronous stretches (composing
 * a structured answer) delays every callback queued behind it, webhook acks included. The
 * gate starts a task at once when nothing gated is running; otherwise only while the loop
 * lags less than `maxLagMs`, adding at most one task per probe tick, up to `max`. I/O-bound
 * tasks (waiting on an LLM) keep the lag low and so run many at a time; CPU-bound ones end up
 * nearly one at a time, and an ack waits for at most about one of them.
 */
export interface LoopGate {
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Latest measured lag of the event loop, in ms. */
  lagMs(): number;
  stop(): void;
}

export interface LoopGateOptions {
  /** Lag above which no further task is started while one runs (default 20 ms). */
  maxLagMs?: number;
  /** Tasks at once, at most (default 16). */
  max?: number;
  /** Probe period (default 10 ms). */
  probeMs?: number;
}

export function createLoopGate(opts: LoopGateOptions = {}): LoopGate {
  const maxLag = opts.maxLagMs ?? 20;
  const max = opts.max ?? 16;
  const probeMs = opts.probeMs ?? 10;
  const waiting: (() => void)[] = [];
  let running = 0;
  let lag = 0;
  let last = performance.now();
  let timer: ReturnType<typeof setInterval> | undefined;

  function admitOne(): boolean {
    const next = waiting[0];
    if (!next || !(running === 0 || (running < max && lag < maxLag))) return false;
    waiting.shift();
    running++;
    next();
    return true;
  }

  function ensureProbe(): void {
    if (timer) return;
    last = performance.now();
    timer = setInterval(() => {
      const t = performance.now();
      lag = Math.max(0, t - last - probeMs);
      last = t;
      admitOne();
      // Idle: no timer keeps firing (nor keeps the process alive).
      if (running === 0 && waiting.length === 0 && timer) {
        clearInterval(timer);
        timer = undefined;
        lag = 0;
      }
    }, probeMs);
    timer.unref?.();
  }

  return {
    async run(task) {
      ensureProbe();
      await new Promise<void>((resolve) => {
        waiting.push(resolve);
        // Beside running tasks, only the probe admits: on fresh lag, one per tick.
        if (running === 0) admitOne();
      });
      try {
        return await task();
      } finally {
        running--;
        // A finished task frees its place at once only when nothing else runs; otherwise the
        // next probe decides on fresh lag.
        if (running === 0) admitOne();
      }
    },
    lagMs: () => lag,
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      for (const w of waiting.splice(0)) {
        running++;
        w();
      }
    },
  };
}
