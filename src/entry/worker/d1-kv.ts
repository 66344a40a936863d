import type { Kysely } from 'kysely';
import type { Database } from '../../adapters/db/schema.js';

/**
 * A random secret kept in D1's `kv` table, created by the first isolate that needs it; every
 * isolate reads the same value (insert-if-absent, then read). Used for the contact-hash key
 * when PII_SALT is not set: a Worker has no DATA_DIR to keep it in.
 */
export async function loadD1Secret(db: Kysely<Database>, name: string, now: number): Promise<string> {
  const key = `secret:${name}`;
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const fresh = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  await db
    .insertInto('kv')
    .values({ key, value: JSON.stringify(fresh), updated_at: now })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await db.selectFrom('kv').select('value').where('key', '=', key).executeTakeFirstOrThrow();
  return JSON.parse(row.value) as string;
}

/**
 * True for the one caller per hour that claims `name` (compare-and-set on a `kv` row), so
 * a chore runs once an hour whichever isolate's cron tick comes first.
 */
export async function claimHourly(db: Kysely<Database>, name: string, now: number): Promise<boolean> {
  await db
    .insertInto('kv')
    .values({ key: name, value: '0', updated_at: 0 })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const res = await db
    .updateTable('kv')
    .set({ value: String(now), updated_at: now })
    .where('key', '=', name)
    .where('updated_at', '<=', now - 3_600_000)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
