import { Kysely, sql } from 'kysely';
import { type Db, migrate } from './create-db.js';
import { D1Dialect, type D1Like } from './d1-dialect.js';
import { migrationProvider } from './migrations/index.js';
import type { Database } from './schema.js';

/**
 * Opens a Cloudflare D1 binding through Kysely and applies the same migrations as SQLite
 * and PostgreSQL. Every isolate opens it, and each statement is a round trip to the D1
 * primary, so a database already up to date costs one query (Kysely's migrator would list
 * every table). Two isolates migrating a fresh database at once: the loser finds it done.
 */
export async function openD1(binding: D1Like): Promise<Db> {
  const db = new Kysely<Database>({ dialect: new D1Dialect(binding) });
  if (!(await upToDate(db))) {
    try {
      await migrate(db);
    } catch (err) {
      if (!(await upToDate(db))) throw err;
    }
  }
  return { db, flavor: 'sqlite', close: () => db.destroy() };
}

/** True when Kysely's migration table lists every migration this build knows. */
async function upToDate(db: Kysely<Database>): Promise<boolean> {
  const known = Object.keys(await migrationProvider.getMigrations());
  try {
    const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
    const done = new Set(rows.map((r) => r.name));
    return known.every((name) => done.has(name));
  } catch {
    // No migration table yet: a fresh database.
    return false;
  }
}
