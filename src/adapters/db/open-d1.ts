import { Kysely } from 'kysely';
import { type Db, migrate } from './create-db.js';
import { D1Dialect, type D1Like } from './d1-dialect.js';
import type { Database } from './schema.js';

/**
 * Opens a Cloudflare D1 binding through Kysely and applies the same migrations as SQLite
 * and PostgreSQL (the Kysely migration table records what ran, so later starts only check).
 */
export async function openD1(binding: D1Like): Promise<Db> {
  const db = new Kysely<Database>({ dialect: new D1Dialect(binding) });
  await migrate(db);
  return { db, flavor: 'sqlite', close: () => db.destroy() };
}
