import type { Kysely } from 'kysely';
import type { ChannelName } from '../../core/message.js';
import type { Inbox, InboxEvent } from '../../ports/inbox.js';
import type { Database } from './schema.js';

/** Durable inbox on SQLite or PostgreSQL; the primary key (channel, event_id) is the dedupe. */
export function createSqlInbox(db: Kysely<Database>, now: () => number): Inbox {
  return {
    async accept(ev) {
      const res = await db
        .insertInto('inbox_events')
        .values({
          channel: ev.channel,
          event_id: ev.eventId,
          payload: JSON.stringify(ev.payload),
          received_at: ev.receivedAt,
          status: 'pending',
          lease_until: 0,
        })
        .onConflict((oc) => oc.columns(['channel', 'event_id']).doNothing())
        .executeTakeFirst();
      return Number(res.numInsertedOrUpdatedRows ?? 0n) > 0;
    },
    async markDone(channel, eventId) {
      await db
        .updateTable('inbox_events')
        .set({ status: 'done' })
        .where('channel', '=', channel)
        .where('event_id', '=', eventId)
        .execute();
    },
    async claimStale(before, leaseMs, limit) {
      const t = now();
      const rows = await db
        .selectFrom('inbox_events')
        .selectAll()
        .where('status', '=', 'pending')
        .where('received_at', '<', before)
        .where('lease_until', '<', t)
        .orderBy('received_at')
        .limit(limit)
        .execute();
      const claimed: InboxEvent[] = [];
      for (const r of rows) {
        // Compare-and-set on the old lease so two instances never claim the same event.
        const res = await db
          .updateTable('inbox_events')
          .set({ lease_until: t + leaseMs })
          .where('channel', '=', r.channel)
          .where('event_id', '=', r.event_id)
          .where('status', '=', 'pending')
          .where('lease_until', '=', r.lease_until)
          .executeTakeFirst();
        if (Number(res.numUpdatedRows) === 1) {
          claimed.push({
            channel: r.channel as ChannelName,
            eventId: r.event_id,
            payload: JSON.parse(r.payload),
            receivedAt: Number(r.received_at),
          });
        }
      }
      return claimed;
    },
  };
}
