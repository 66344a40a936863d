import type { Kysely } from 'kysely';
import type { StorageAdapter } from '../../ports/storage.js';
import type { Database } from './schema.js';

/** Key-value state in the `kv` table, shared by every instance behind a load balancer. */
export function createSqlStorage<T>(db: Kysely<Database>, namespace: string, now: () => number): StorageAdapter<T> {
  const k = (key: string) => `${namespace}:${key}`;
  return {
    async read(key) {
      const row = await db.selectFrom('kv').select('value').where('key', '=', k(key)).executeTakeFirst();
      return row ? (JSON.parse(row.value) as T) : undefined;
    },
    async write(key, value) {
      const v = JSON.stringify(value);
      await db
        .insertInto('kv')
        .values({ key: k(key), value: v, updated_at: now() })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: v, updated_at: now() }))
        .execute();
    },
    async delete(key) {
      await db.deleteFrom('kv').where('key', '=', k(key)).execute();
    },
  };
}
