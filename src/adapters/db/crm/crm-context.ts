import type { Kysely } from 'kysely';
import type { Ids } from '../../../ports/ids.js';
import type { Database } from '../schema.js';
import type { OutboxRoute } from './enqueue-outbox.js';

/** What every SQL CRM store shares. */
export interface CrmContext {
  db: Kysely<Database>;
  ids: Ids;
  salt: string;
  /** Masks free text before it is stored (defence in depth: callers mask too). */
  mask: (text: string) => string;
  routes: readonly OutboxRoute[];
  /** Runs after a PIPL erase commits (SQLite: checkpoint and truncate the WAL). */
  afterErase?: () => Promise<void>;
}

/** Runs `fn` in a transaction; when it fails on a unique key, `recover` may return the winner's row instead. */
export async function inTransaction<T>(
  ctx: CrmContext,
  fn: (trx: Kysely<Database>) => Promise<T>,
  recover?: () => Promise<T | undefined>,
): Promise<T> {
  try {
    return await ctx.db.transaction().execute(fn);
  } catch (err) {
    const found = recover ? await recover() : undefined;
    if (found !== undefined) return found;
    throw err;
  }
}

/** Allocates the next number of a counter (ticket, intel) inside a transaction. */
export async function nextNumber(trx: Kysely<Database>, name: 'ticket' | 'intel'): Promise<number> {
  const row = await trx
    .updateTable('counters')
    .set((eb) => ({ value: eb('value', '+', 1) }))
    .where('name', '=', name)
    .returning('value')
    .executeTakeFirstOrThrow();
  return Number(row.value);
}
