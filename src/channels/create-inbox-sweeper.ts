import type { ChannelName } from '../core/message.js';
import type { Clock } from '../ports/clock.js';
import type { Inbox, InboxEvent } from '../ports/inbox.js';
import type { Logger } from '../ports/logger.js';

export interface InboxSweeperOptions {
  channel: ChannelName;
  inbox: Inbox;
  clock: Clock;
  logger: Logger;
  /** An event pending longer than this counts as interrupted (default 60 s). */
  staleAfterMs?: number;
  /** How long a claim holds before another sweep (any instance) may take the event (default 30 s). */
  leaseMs?: number;
  /** Period of the background sweep; 0 sweeps only when asked (default 30 s). */
  intervalMs?: number;
  /** True while this process is still working on the event: it is not replayed. */
  isActive(eventId: string): boolean;
  /** Processes the event again; expected to mark it done. */
  replay(event: InboxEvent): Promise<void>;
}

/** Finds this channel's interrupted inbox events and replays them, once now and then periodically. */
export interface InboxSweeper {
  /** One pass; resolves with how many events were handed to `replay` (which runs in the background). */
  sweep(): Promise<number>;
  start(): void;
  stop(): void;
}

/**
 * Crash recovery for one channel: events accepted (and acked to the platform) but never
 * marked done are claimed with a lease and replayed. `claimStale` has no channel filter, so
 * other channels' events are skipped and left to their own sweep once the short lease ends.
 */
export function createInboxSweeper(opts: InboxSweeperOptions): InboxSweeper {
  const staleAfterMs = opts.staleAfterMs ?? 60_000;
  const leaseMs = opts.leaseMs ?? 30_000;
  const intervalMs = opts.intervalMs ?? 30_000;
  const batch = 50;
  let timer: ReturnType<typeof setInterval> | undefined;

  async function sweep(): Promise<number> {
    let replayed = 0;
    for (;;) {
      const events = await opts.inbox.claimStale(opts.clock.now() - staleAfterMs, leaseMs, batch);
      for (const ev of events) {
        if (ev.channel !== opts.channel || opts.isActive(ev.eventId)) continue;
        replayed++;
        opts.replay(ev).catch((err: unknown) => opts.logger.error({ err, eventId: ev.eventId }, 'inbox replay failed'));
      }
      if (events.length < batch) break;
    }
    if (replayed) opts.logger.info({ replayed }, `replaying interrupted ${opts.channel} events`);
    return replayed;
  }

  return {
    sweep,
    start() {
      if (intervalMs <= 0 || timer) return;
      timer = setInterval(() => {
        sweep().catch((err: unknown) => opts.logger.error({ err }, 'inbox sweep failed'));
      }, intervalMs);
      timer.unref?.();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
