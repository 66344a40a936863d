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
