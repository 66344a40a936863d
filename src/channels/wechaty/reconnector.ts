import type { Logger } from '../../ports/logger.js';

export interface ReconnectorOptions {
  initialMs: number;
  maxMs: number;
  logger: Logger;
  /** One reconnection attempt; a throw schedules the next one with a doubled delay. */
  attempt: () => Promise<void>;
}

export interface Reconnector {
  /** Schedules an attempt unless one is already pending or running. */
  schedule(): void;
  /** Call on success (login): the next disconnect starts again from the initial delay. */
  reset(): void;
  cancel(): void;
}

/** Restarts with exponential backoff (initial, ×2, … capped at max), one attempt at a time. */
export function createReconnector(opts: ReconnectorOptions): Reconnector {
  let delay = opts.initialMs;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let cancelled = false;

  function schedule(): void {
    if (timer || running) return;
    cancelled = false;
    const wait = delay;
    delay = Math.min(delay * 2, opts.maxMs);
    opts.logger.info({ inMs: wait }, 'reconnect scheduled');
    timer = setTimeout(async () => {
      timer = undefined;
      if (cancelled) return;
      running = true;
      try {
        await opts.attempt();
      } catch (err) {
        opts.logger.warn({ err: (err as Error).message }, 'reconnect attempt failed');
        running = false;
        if (!cancelled) schedule();
        return;
      }
      running = false;
    }, wait);
  }

  return {
    schedule,
    reset() {
      delay = opts.initialMs;
    },
    cancel() {
      cancelled = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}
