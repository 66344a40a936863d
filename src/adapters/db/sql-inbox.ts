import type { Kysely } from 'kysely';
import type { ChannelName } from '../../core/message.js';
import type { Inbox, InboxEvent } from '../../ports/inbox.js';
import type { Database } from './schema.js';

export interface SqlInboxOptions {
  /** This instance's lease-holder id (default: a random UUID per process). */
  owner?: string;
  /** Lease on a freshly accepted event, kept alive by the channel's `renew` (default 15 s). */
  leaseMs?: number;
}

/** Ids per statement; below every engine's bound-parameter limit (D1: 100). */
const ID_CHUNK = 90;

/**
 * Durable inbox on SQLite or PostgreSQL. Dedupe is the primary key (channel, event_id) plus
 * the unique index (channel, dedupe_key), both checked by one INSERT … ON CONFLICT DO NOTHING,
 * so two instances accepting re-pushes of one message at the same moment store it once.
 * Claims and renewals are single UPDATE … RETURNING statements guarded by the lease, so no
 * two instances ever hold one event.
 */
export function createSqlInbox(db: Kysely<Database>, now: () => number, opts: SqlInboxOptions = {}): Inbox {
  const owner = opts.owner ?? crypto.randomUUID();
  const leaseMs = opts.leaseMs ?? 15_000;
  const createdAt = now();
  const lastRenew = new Map<string, number>();
  return {
    owner,
    async accept(ev) {
      const res = await db
        .insertInto('inbox_events')
        .values({
          channel: ev.channel,
          event_id: ev.eventId,
          dedupe_key: ev.dedupeKey ?? null,
          payload: JSON.stringify(ev.payload),
          received_at: ev.receivedAt,
          status: 'pending',
          // The lease runs from receipt (callers pass their clock's now).
          lease_until: ev.lease === false ? 0 : ev.receivedAt + leaseMs,
          lease_owner: ev.lease === false ? null : owner,
          attempts: 1,
        })
        // No conflict target: any unique key (event id or dedupe key) makes it a duplicate.
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      return Number(res.numInsertedOrUpdatedRows ?? 0n) > 0;
    },
    async markDone(channel, eventId) {
      // Once answered, only the dedupe key is kept: the replay copy is dropped (PII retention).
      await db
        .updateTable('inbox_events')
        .set({ status: 'done', payload: 'null' })
        .where('channel', '=', channel)
        .where('event_id', '=', eventId)
        .execute();
    },
    async claimStale(channel, before, claimMs, limit) {
      const t = now();
      const candidates = db
        .selectFrom('inbox_events')
        .select('event_id')
        .where('channel', '=', channel)
        .where('status', '=', 'pending')
        .where('received_at', '<=', before)
        .where('lease_until', '<', t)
        .orderBy('received_at')
        .limit(limit);
      // The lease test is repeated on the row being updated: PostgreSQL re-checks it after
      // waiting on a concurrent claimer's lock, so the loser skips the row.
      const rows = await db
        .updateTable('inbox_events')
        .set((eb) => ({ lease_until: t + claimMs, lease_owner: owner, attempts: eb('attempts', '+', 1) }))
        .where('channel', '=', channel)
        .where('status', '=', 'pending')
        .where('lease_until', '<', t)
        .where('event_id', 'in', candidates)
        .returning(['channel', 'event_id', 'dedupe_key', 'payload', 'received_at', 'attempts'])
        .execute();
      return rows
        .map(
          (r): InboxEvent => ({
            channel: r.channel as ChannelName,
            eventId: r.event_id,
            payload: JSON.parse(r.payload),
            receivedAt: Number(r.received_at),
            attempts: Number(r.attempts),
            ...(r.dedupe_key ? { dedupeKey: r.dedupe_key } : {}),
          }),
        )
        .sort((a, b) => a.receivedAt - b.receivedAt);
    },
    async renew(channel, eventIds, renewMs) {
      const t = now();
      // One statement for everything this instance holds in the channel, however long its
      // backlog; a lease is rewritten only once less than half of it is left.
      const rows = await db
        .updateTable('inbox_events')
        .set({ lease_until: t + renewMs })
        .where('channel', '=', channel)
        .where('lease_owner', '=', owner)
        .where('status', '=', 'pending')
        .where('lease_until', '<', t + renewMs / 2)
        .returning('event_id')
        .execute();
      const wanted = new Set(eventIds);
      // Leased here but no longer held (its processing failed): let any sweep retry it now.
      const dropped = rows.map((r) => r.event_id).filter((id) => !wanted.has(id));
      for (let i = 0; i < dropped.length; i += ID_CHUNK) {
        await db
          .updateTable('inbox_events')
          .set({ lease_until: 0 })
          .where('channel', '=', channel)
          .where('lease_owner', '=', owner)
          .where('event_id', 'in', dropped.slice(i, i + ID_CHUNK))
          .execute();
      }
      // Renewed in time, nothing can have been taken. After a stall longer than a lease,
      // look up which held events another instance claimed (or finished) meanwhile.
      const stalled = t - (lastRenew.get(channel) ?? createdAt) > renewMs;
      lastRenew.set(channel, t);
      if (!stalled) return [...eventIds];
      const kept: string[] = [];
      for (let i = 0; i < eventIds.length; i += ID_CHUNK) {
        const mine = await db
          .selectFrom('inbox_events')
          .select('event_id')
          .where('channel', '=', channel)
          .where('lease_owner', '=', owner)
          .where('status', '=', 'pending')
          .where('event_id', 'in', eventIds.slice(i, i + ID_CHUNK))
          .execute();
        for (const r of mine) kept.push(r.event_id);
      }
      return kept;
    },
    async purge(before, limit) {
      const old = db
        .selectFrom('inbox_events')
        .select(['channel', 'event_id'])
        .where('status', '=', 'done')
        .where('received_at', '<', before)
        .limit(limit)
        .$asTuple('channel', 'event_id');
      const res = await db
        .deleteFrom('inbox_events')
        .where(({ eb, refTuple }) => eb(refTuple('channel', 'event_id'), 'in', old))
        .executeTakeFirst();
      return Number(res.numDeletedRows);
    },
  };
}
