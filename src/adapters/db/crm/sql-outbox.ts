import type { Kysely } from 'kysely';
import type { OutboxBatch, OutboxItem, OutboxKind, OutboxStore } from '../../../ports/outbox.js';
import type { Database } from '../schema.js';

function toItem(r: Database['outbox']): OutboxItem {
  return {
    id: r.id,
    sink: r.sink,
    kind: r.kind as OutboxKind,
    type: r.type,
    ref: r.ref,
    payload: JSON.parse(r.payload),
    createdAt: Number(r.created_at),
    attempts: r.attempts,
  };
}

/**
 * The outbox table as a work queue. A claim leases rows (compare-and-set on the lease, so two
 * instances never deliver the same batch at once) and pins them to a batch id (a UUID v4)
 * that survives crashes: a retried batch has the same members and the same id.
 */
export function createSqlOutbox(
  db: Kysely<Database>,
  newBatchId: () => string = () => crypto.randomUUID(),
): OutboxStore {
  async function leased(batchId: string, until: number): Promise<OutboxBatch | undefined> {
    const rows = await db
      .selectFrom('outbox')
      .selectAll()
      .where('batch_id', '=', batchId)
      .where('status', '=', 'pending')
      .where('lease_until', '=', until)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    const first = rows[0];
    if (!first) return undefined;
    return {
      id: batchId,
      sink: first.sink,
      kind: first.kind as OutboxKind,
      items: rows.map(toItem),
      attempts: Math.max(...rows.map((r) => r.attempts)),
    };
  }

  return {
    async claim(sink, max, now, leaseMs) {
      const until = now + leaseMs;
      const unfinished = await db
        .selectFrom('outbox')
        .select('batch_id')
        .where('sink', '=', sink)
        .where('status', '=', 'pending')
        .where('batch_id', 'is not', null)
        .where('next_at', '<=', now)
        .where('lease_until', '<', now)
        .orderBy('created_at')
        .limit(1)
        .executeTakeFirst();
      if (unfinished?.batch_id) {
        const res = await db
          .updateTable('outbox')
          .set((eb) => ({ lease_until: until, attempts: eb('attempts', '+', 1) }))
          .where('batch_id', '=', unfinished.batch_id)
          .where('status', '=', 'pending')
          .where('lease_until', '<', now)
          .executeTakeFirst();
        return Number(res.numUpdatedRows) > 0 ? leased(unfinished.batch_id, until) : undefined;
      }
      const oldest = await db
        .selectFrom('outbox')
        .select('kind')
        .where('sink', '=', sink)
        .where('status', '=', 'pending')
        .where('batch_id', 'is', null)
        .where('next_at', '<=', now)
        .orderBy('created_at')
        .orderBy('id')
        .limit(1)
        .executeTakeFirst();
      if (!oldest) return undefined;
      const ids = await db
        .selectFrom('outbox')
        .select('id')
        .where('sink', '=', sink)
        .where('kind', '=', oldest.kind)
        .where('status', '=', 'pending')
        .where('batch_id', 'is', null)
        .where('next_at', '<=', now)
        .orderBy('created_at')
        .orderBy('id')
        .limit(max)
        .execute();
      const batchId = newBatchId();
      await db
        .updateTable('outbox')
        .set((eb) => ({ batch_id: batchId, lease_until: until, attempts: eb('attempts', '+', 1) }))
        .where(
          'id',
          'in',
          ids.map((r) => r.id),
        )
        .where('batch_id', 'is', null)
        .execute();
      return leased(batchId, until);
    },
    async markDelivered(ids, at) {
      if (ids.length === 0) return;
      await db
        .updateTable('outbox')
        .set({ status: 'delivered', delivered_at: at, lease_until: 0, last_error: null })
        .where('id', 'in', ids)
        .execute();
    },
    async retry(ids, nextAt, error) {
      if (ids.length === 0) return;
      await db
        .updateTable('outbox')
        .set({ next_at: nextAt, lease_until: 0, last_error: error.slice(0, 500) })
        .where('id', 'in', ids)
        .where('status', '=', 'pending')
        .execute();
    },
    async markDead(ids, at, error) {
      if (ids.length === 0) return;
      await db
        .updateTable('outbox')
        .set({ status: 'dead', delivered_at: at, lease_until: 0, last_error: error.slice(0, 500) })
        .where('id', 'in', ids)
        .execute();
    },
    async counts() {
      const rows = await db
        .selectFrom('outbox')
        .select((eb) => ['sink', 'status', eb.fn.countAll<number>().as('n')])
        .groupBy(['sink', 'status'])
        .orderBy('sink')
        .orderBy('status')
        .execute();
      return rows.map((r) => ({ sink: r.sink, status: r.status, count: Number(r.n) }));
    },
  };
}
