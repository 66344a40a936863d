import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { migrationProvider } from './migrations/index.js';
import type { Database } from './schema.js';

export type SqlFlavor = 'sqlite' | 'postgres';

export interface Db {
  db: Kysely<Database>;
  flavor: SqlFlavor;
  /**
   * PostgreSQL: a small second pool whose sessions run with synchronous_commit = off, for
   * interaction logs only (a commit returns before its WAL is flushed; a PostgreSQL crash
   * can lose the last ~0.6 s of them, never corrupt anything). Never for tickets, the inbox
   * or quiz answers.
   */
  logDb?: Kysely<Database>;
  close(): Promise<void>;
  /**
   * Makes deleted or overwritten rows unrecoverable from the engine's files, after a PIPL
   * erase. SQLite (secure_delete is on): checkpoints and truncates the WAL. PostgreSQL:
   * VACUUMs the CRM tables so dead row versions are pruned.
   */
  scrub?(): Promise<void>;
}

/** Tables a PIPL erase rewrites. */
const ERASE_TABLES = [
  'customers',
  'tickets',
  'ticket_notes',
  'interactions',
  'knowledge_gaps',
  'outbox',
  'inbox_events',
];

/** Raised when migrations fail; the message names the failing migration. */
export class MigrationError extends Error {
  readonly code = 'DB_MIGRATION_FAILED';
}

// bigint (int8) columns hold epoch ms, which fit a JS number.
pg.types.setTypeParser(20, (v) => Number(v));

/** Opens SQLite at a file path (':memory:' for tests), WAL mode, and applies migrations. */
export async function openSqlite(file: string): Promise<Db> {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const database = new SQLite(file);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('busy_timeout = 5000');
  // Deleted content is overwritten with zeros, so an erased customer is not left in free pages.
  database.pragma('secure_delete = ON');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  await migrate(db);
  return {
    db,
    flavor: 'sqlite',
    close: () => db.destroy(),
    async scrub() {
      await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db);
    },
  };
}

/** Connects to PostgreSQL by URL and applies migrations (serialised by Kysely's lock table). */
export async function openPostgres(url: string, max = 10): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle client dropped by the server (restart, failover, admin terminate) must not crash the
  // process; the pool replaces it and the next query reconnects.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  await migrate(db);
  // Set per session at connect: each log insert stays one statement (no BEGIN / SET LOCAL).
  const logPool = new pg.Pool({ connectionString: url, max: 2, options: '-c synchronous_commit=off' });
  logPool.on('error', () => {});
  const logDb = new Kysely<Database>({ dialect: new PostgresDialect({ pool: logPool }) });
  return {
    db,
    flavor: 'postgres',
    logDb,
    async close() {
      await logDb.destroy();
      await db.destroy();
    },
    async scrub() {
      // VACUUM cannot run inside a transaction; each statement runs on its own here.
      for (const t of ERASE_TABLES) await sql`VACUUM ${sql.table(t)}`.execute(db);
    },
  };
}

export async function migrate(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new MigrationError(`Database migration ${failed} failed: ${String((error as Error).message ?? error)}`);
  }
}
