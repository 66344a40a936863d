import type { ChannelName } from '../core/message.js';
import type { Clock } from '../ports/clock.js';
import type { Inbox, InboxEvent } from '../ports/inbox.js';
import type { Logger } from '../ports/logger.js';

/** Lease defaults: a dead instance's events are taken over within lease + sweep period (≤ 20 s). */
export const INBOX_LEASE_DEFAULTS = {
  /** How long a claim holds without renewal. */
  leaseMs: 15_000,
  /** Period of the claim sweep; 0 sweeps only when asked. */
  intervalMs: 5_000,
  /** Done events older than this are deleted (Lark re-pushes for ~7 h, WeCom for seconds). */
  keepDoneMs: 24 * 3600_000,
} as const;

export interface InboxSweeperOptions {
  channel: ChannelName;
  inbox: Inbox;
  clock: Clock;
  logger: Logger;
  /** Only events received at least this long ago are claimed (default 0: the lease alone decides). */
  staleAfterMs?: number;
  /** How long a claim or a renewal holds before another instance may take the event (default 15 s). */
  leaseMs?: number;
  /** Period of the background sweep; 0 sweeps only when asked (default 5 s). Renewals run at leaseMs / 3. */
  intervalMs?: number;
  /** True while this process is still working on the event: it is not replayed. */
  isActive(eventId: string): boolean;
  /** The events this process holds (queued or running), whose leases are kept alive. */
  held?(): Iterable<string>;
  /** How many more events this process takes now (default: no limit); answering-only instances share the queue. */
  room?(): number;
  /** Called with held events another instance has taken (this process stalled past its lease). */
  onLost?(eventIds: string[]): void;
  /** Processes the event again; expected to mark it done. */
  replay(event: InboxEvent): Promise<void>;
}

/** Finds this channel's interrupted inbox events and replays them; keeps this process's leases alive. */
export interface InboxSweeper {
  /** One pass; resolves with how many events were handed to `replay` (which runs in the background). */
  sweep(): Promise<number>;
  /** Renews the leases of held events now; resolves with the ids lost to another instance. */
  renew(): Promise<string[]>;
  start(): void;
  stop(): void;
}

/**
 * Crash recovery for one channel across any number of instances. An accepted event is
 * leased to the instance that accepted it, which renews the lease while the event is queued
 * or running; when that instance dies the lease runs out and the next sweep of any instance
 * claims the event (for this channel only) and replays it. Done events past the retry
 * window are purged now and then.
 */
export function createInboxSweeper(opts: InboxSweeperOptions): InboxSweeper {
  const staleAfterMs = opts.staleAfterMs ?? 0;
  const leaseMs = opts.leaseMs ?? INBOX_LEASE_DEFAULTS.leaseMs;
  const intervalMs = opts.intervalMs ?? INBOX_LEASE_DEFAULTS.intervalMs;
  const batch = 200;
  const timers: ReturnType<typeof setInterval>[] = [];
  let lastPurge = 0;

  async function sweep(): Promise<number> {
    let replayed = 0;
    let interrupted = 0;
    for (;;) {
      // Replays start in the background, so what this pass claimed counts against the room.
      const limit = Math.min(batch, (opts.room?.() ?? Number.POSITIVE_INFINITY) - replayed);
      if (limit <= 0) break;
      const t = opts.clock.now();
      const events = await opts.inbox.claimStale(opts.channel, t - staleAfterMs, leaseMs, limit);
      for (const ev of events) {
        if (opts.isActive(ev.eventId)) continue;
        replayed++;
        // Older than a lease: its first holder died or failed (fresh ones come from ingress-only instances).
        if (t - ev.receivedAt > leaseMs) interrupted++;
        opts.replay(ev).catch((err: unknown) => opts.logger.error({ err, eventId: ev.eventId }, 'inbox replay failed'));
      }
      if (events.length < limit) break;
    }
    if (interrupted) opts.logger.info({ replayed: interrupted }, `replaying interrupted ${opts.channel} events`);
    await purge();
    return replayed;
  }

  async function purge(): Promise<void> {
    const t = opts.clock.now();
    if (t - lastPurge < 3600_000) return;
    lastPurge = t;
    const n = await opts.inbox.purge(t - INBOX_LEASE_DEFAULTS.keepDoneMs, 10_000);
    if (n) opts.logger.info({ purged: n }, 'old inbox events purged');
  }

  async function renew(): Promise<string[]> {
    const ids = [...(opts.held?.() ?? [])];
    if (!ids.length) return [];
    const kept = new Set(await opts.inbox.renew(opts.channel, ids, leaseMs));
    // An id missing from `kept` may simply have been marked done meanwhile: only those
    // still held count as lost.
    const still = new Set(opts.held?.() ?? []);
    const lost = ids.filter((id) => !kept.has(id) && still.has(id));
    if (lost.length) {
      opts.logger.warn(
        { lost: lost.length },
        `${opts.channel} events taken over by another instance; not processed here`,
      );
      opts.onLost?.(lost);
    }
    return lost;
  }

  return {
    sweep,
    renew,
    start() {
      if (intervalMs <= 0 || timers.length) return;
      const every = (ms: number, fn: () => Promise<unknown>, what: string) => {
        const t = setInterval(() => {
          fn().catch((err: unknown) => opts.logger.error({ err }, `inbox ${what} failed`));
        }, ms);
        t.unref?.();
        timers.push(t);
      };
      every(intervalMs, sweep, 'sweep');
      if (opts.held) every(Math.max(1, Math.floor(leaseMs / 3)), renew, 'lease renewal');
    },
    stop() {
      for (const t of timers) clearInterval(t);
      timers.length = 0;
    },
  };
}
