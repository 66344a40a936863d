import type { Inbox } from '../ports/inbox.js';
import type { Logger } from '../ports/logger.js';
import type { ChannelModule } from './types.js';

export interface ReplayOptions {
  /** Events accepted before this epoch ms and never marked done are replayed. */
  before: number;
  /** How long a claim holds before another instance may take the event. */
  leaseMs?: number;
  batch?: number;
}

/**
 * Crash recovery at start: claims inbox events that were accepted (and acknowledged to the
 * platform) but never marked done, and hands each to its channel's `replay`. Events of a
 * channel that is not running stay claimed until their lease runs out. Returns how many
 * were replayed.
 */
export async function replayStaleEvents(
  inbox: Inbox,
  channels: ChannelModule[],
  logger: Logger,
  opts: ReplayOptions,
): Promise<number> {
  const byName = new Map(channels.map((c) => [c.name, c]));
  const leaseMs = opts.leaseMs ?? 10 * 60_000;
  let replayed = 0;
  for (;;) {
    const events = await inbox.claimStale(opts.before, leaseMs, opts.batch ?? 50);
    if (events.length === 0) return replayed;
    for (const ev of events) {
      const channel = byName.get(ev.channel);
      if (!channel?.replay) {
        logger.warn({ channel: ev.channel, eventId: ev.eventId }, 'stale inbox event for a channel that is not running');
        continue;
      }
      try {
        await channel.replay(ev);
        replayed++;
      } catch (err) {
        logger.error({ err, channel: ev.channel, eventId: ev.eventId }, 'replaying an inbox event failed');
      }
    }
  }
}
