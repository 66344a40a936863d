import type { Kysely } from 'kysely';
import type { OutboxKind } from '../../../ports/outbox.js';
import type { Database } from '../schema.js';

/** Which sinks take which record kinds; built from the configured sinks. */
export interface OutboxRoute {
  readonly name: string;
  accepts(kind: OutboxKind): boolean;
}

export interface OutboxEvent {
  kind: OutboxKind;
  type: string;
  ref: string;
  payload: Record<string, unknown>;
}

/**
 * Writes one outbox row per (event, accepting sink) inside the caller's transaction. The row
 * id `sink:type:ref` is the idempotency key: writing the same event twice is a no-op.
 */
export async function enqueueOutbox(
  trx: Kysely<Database>,
  routes: readonly OutboxRoute[],
  at: number,
  events: OutboxEvent[],
): Promise<void> {
  const rows: Database['outbox'][] = [];
  for (const e of events) {
    for (const r of routes) {
      if (!r.accepts(e.kind)) continue;
      rows.push({
        id: `${r.name}:${e.type}:${e.ref}`,
        sink: r.name,
        kind: e.kind,
        type: e.type,
        ref: e.ref,
        payload: JSON.stringify(e.payload),
        status: 'pending',
        attempts: 0,
        next_at: at,
        lease_until: 0,
        batch_id: null,
        created_at: at,
        delivered_at: null,
        last_error: null,
      });
    }
  }
  if (rows.length === 0) return;
  await trx
    .insertInto('outbox')
    .values(rows)
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}
