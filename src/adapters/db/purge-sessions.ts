import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/**
 * Deletes conversation state (`conv:` keys in `kv`) not touched since `before`: past the
 * idle window it is never read again, and it holds the (masked) last question.
 */
export async function purgeIdleSessions(db: Kysely<Database>, before: number): Promise<number> {
  const res = await db
    .deleteFrom('kv')
    .where('key', 'like', 'conv:%')
    .where('updated_at', '<', before)
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}
