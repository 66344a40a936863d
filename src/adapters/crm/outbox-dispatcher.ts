import type { Logger } from '../../ports/logger.js';
import type { DeliveryResult, OutboxSink, OutboxStore } from '../../ports/outbox.js';

export interface OutboxDispatcherOptions {
  store: OutboxStore;
  sinks: OutboxSink[];
  now: () => number;
  logger: Logger;
  /** How long a claimed batch is reserved for this process (a crash frees it after this). */
  leaseMs?: number;
  /** First retry delay; doubles per attempt up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Batches per sink per run, so one busy sink cannot starve the others. */
  maxBatchesPerRun?: number;
}

export interface OutboxDispatcher {
  /** Delivers whatever is due once; tests call it directly. */
  runOnce(): Promise<{ delivered: number; retried: number; dead: number }>;
  start(intervalMs?: number): void;
  stop(): Promise<void>;
}

/**
 * Moves outbox rows to the remote sinks: claim a batch, deliver, mark delivered; on failure
 * retry with exponential backoff (capped, so a sink that was down for minutes is caught up
 * within a minute of coming back). Nothing is dropped: rows stay until delivered or a sink
 * rejects them for good (`dead`, logged, still in the local database).
 */
export function createOutboxDispatcher(opts: OutboxDispatcherOptions): OutboxDispatcher {
  const leaseMs = opts.leaseMs ?? 60_000;
  const base = opts.baseDelayMs ?? 1000;
  const max = opts.maxDelayMs ?? 60_000;
  const perRun = opts.maxBatchesPerRun ?? 20;
  let timer: ReturnType<typeof setInterval> | undefined;
  let running: Promise<{ delivered: number; retried: number; dead: number }> | undefined;

  async function drain(sink: OutboxSink, totals: { delivered: number; retried: number; dead: number }): Promise<void> {
    for (let i = 0; i < perRun; i++) {
      const batch = await opts.store.claim(sink.name, sink.maxBatch, opts.now(), leaseMs);
      if (!batch) return;
      let result: DeliveryResult;
      try {
        result = await sink.deliver(batch);
      } catch (err) {
        result = { delivered: [], error: (err as Error)?.message ?? String(err) };
      }
      const done = new Set([...result.delivered, ...(result.dead ?? []).map((d) => d.id)]);
      const rest = batch.items.filter((it) => !done.has(it.id)).map((it) => it.id);
      const at = opts.now();
      await opts.store.markDelivered(result.delivered, at);
      for (const d of result.dead ?? []) {
        opts.logger.error(
          { sink: sink.name, id: d.id, error: d.error },
          'outbox record rejected by the sink; kept locally, not retried',
        );
        await opts.store.markDead([d.id], at, d.error);
      }
      totals.delivered += result.delivered.length;
      totals.dead += result.dead?.length ?? 0;
      if (rest.length === 0) continue;
      const delay = Math.max(Math.min(base * 2 ** Math.max(0, batch.attempts - 1), max), result.retryAfterMs ?? 0);
      await opts.store.retry(rest, at + delay, result.error ?? 'not delivered');
      totals.retried += rest.length;
      opts.logger.warn(
        { sink: sink.name, pending: rest.length, attempts: batch.attempts, retryInMs: delay, error: result.error },
        'outbox delivery failed; will retry',
      );
      return;
    }
  }

  async function runAll() {
    const totals = { delivered: 0, retried: 0, dead: 0 };
    for (const sink of opts.sinks) {
      try {
        await drain(sink, totals);
      } catch (err) {
        opts.logger.error({ err, sink: sink.name }, 'outbox run failed');
      }
    }
    return totals;
  }

  return {
    runOnce() {
      if (!running) running = runAll().finally(() => (running = undefined));
      return running;
    },
    start(intervalMs = 1000) {
      if (timer) return;
      timer = setInterval(() => void this.runOnce(), intervalMs);
      timer.unref?.();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
