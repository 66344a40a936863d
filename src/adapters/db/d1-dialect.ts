import {
  type CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type DatabaseMetadata,
  type DatabaseMetadataOptions,
  DEFAULT_MIGRATION_LOCK_TABLE,
  DEFAULT_MIGRATION_TABLE,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
  type SchemaMetadata,
  SqliteAdapter,
  SqliteQueryCompiler,
  sql,
  type TableMetadata,
} from 'kysely';

/** The part of a Cloudflare D1 binding this dialect uses (structural, so Node code needs no Workers types). */
export interface D1Like {
  prepare(sql: string): D1StatementLike;
}

export interface D1StatementLike {
  bind(...values: unknown[]): D1StatementLike;
  all<T = Record<string, unknown>>(): Promise<{
    results?: T[];
    meta?: { changes?: number; last_row_id?: number };
  }>;
}

/**
 * Kysely over Cloudflare D1 (SQLite): the same query builder, migrations and stores as the
 * Node build. D1 runs each statement on its own and refuses BEGIN/COMMIT, so a Kysely
 * transaction here holds the isolate's one connection (no other query of this isolate
 * interleaves, as with better-sqlite3) but is not atomic: a failure midway keeps the
 * statements already run. The stores keep their multi-statement writes idempotent.
 */
export class D1Dialect implements Dialect {
  constructor(private readonly database: D1Like) {}

  createAdapter() {
    return new SqliteAdapter();
  }

  createDriver(): Driver {
    return new D1Driver(this.database);
  }

  createQueryCompiler() {
    return new SqliteQueryCompiler();
  }

  // biome-ignore lint/suspicious/noExplicitAny: Kysely's introspector takes any database.
  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new D1Introspector(db);
  }
}

/**
 * Kysely's SQLite introspector, minus D1's own tables: D1 refuses to read `_cf_*` tables
 * (SQLITE_AUTH), and the Migrator lists every table to find its own.
 */
class D1Introspector implements DatabaseIntrospector {
  // biome-ignore lint/suspicious/noExplicitAny: Kysely's introspector takes any database.
  constructor(private readonly db: Kysely<any>) {}

  async getSchemas(): Promise<SchemaMetadata[]> {
    return [];
  }

  async getMetadata(options?: DatabaseMetadataOptions): Promise<DatabaseMetadata> {
    return { tables: await this.getTables(options) };
  }

  async getTables(options: DatabaseMetadataOptions = { withInternalKyselyTables: false }): Promise<TableMetadata[]> {
    // Two statements, whatever the number of tables (each is a round trip to the D1 primary).
    const internal = options.withInternalKyselyTables
      ? sql``
      : sql`and name != ${DEFAULT_MIGRATION_TABLE} and name != ${DEFAULT_MIGRATION_LOCK_TABLE}`;
    const listed = sql`select name, type from sqlite_master
      where type in ('table', 'view') and name not like 'sqlite_%' and substr(name, 1, 4) != '_cf_' ${internal}`;
    const tables = await sql<{ name: string; type: string }>`${listed} order by name`.execute(this.db);
    const cols = await sql<{
      table: string;
      name: string;
      type: string;
      notnull: number;
      dflt_value: unknown;
      pk: number;
    }>`with tl as (${listed})
      select tl.name as "table", p.name, p.type, p."notnull", p.dflt_value, p.pk
      from tl, pragma_table_info(tl.name) as p order by tl.name, p.cid`.execute(this.db);
    const byTable = new Map<string, typeof cols.rows>();
    for (const c of cols.rows) byTable.set(c.table, [...(byTable.get(c.table) ?? []), c]);
    return tables.rows.map((t) => {
      const columns = byTable.get(t.name) ?? [];
      const pk = columns.filter((c) => c.pk > 0);
      const autoIncrement = pk.length === 1 && pk[0]?.type.toLowerCase() === 'integer' ? pk[0].name : undefined;
      return {
        name: t.name,
        isView: t.type === 'view',
        columns: columns.map((c) => ({
          name: c.name,
          dataType: c.type,
          isNullable: !c.notnull,
          isAutoIncrementing: c.name === autoIncrement,
          hasDefaultValue: c.dflt_value != null,
        })),
      };
    });
  }
}

class D1Driver implements Driver {
  private readonly transactions = new TransactionLock();

  constructor(private readonly database: D1Like) {}

  async init(): Promise<void> {}

  // D1 serialises statements itself; only transactions need to exclude each other. Each
  // acquire gets its own connection object, which identifies its transaction to the lock.
  async acquireConnection(): Promise<DatabaseConnection> {
    return new D1Connection(this.database);
  }

  // D1 refuses BEGIN/COMMIT/ROLLBACK: a transaction here is mutual exclusion among this
  // isolate's transactions, not atomicity.
  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await this.transactions.lock(connection);
  }
  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    this.transactions.unlock(connection);
  }
  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    this.transactions.unlock(connection);
  }

  async releaseConnection(): Promise<void> {}

  async destroy(): Promise<void> {}
}

class D1Connection implements DatabaseConnection {
  constructor(private readonly database: D1Like) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const params = query.parameters.map(toD1Value);
    const stmt = this.database.prepare(query.sql);
    const res = await (params.length ? stmt.bind(...params) : stmt).all<R>();
    const changes = res.meta?.changes;
    const lastRowId = res.meta?.last_row_id;
    return {
      rows: res.results ?? [],
      ...(typeof changes === 'number' ? { numAffectedRows: BigInt(changes) } : {}),
      ...(typeof lastRowId === 'number' && lastRowId > 0 ? { insertId: BigInt(lastRowId) } : {}),
    };
  }

  // biome-ignore lint/correctness/useYield: D1 has no cursors; streaming is refused.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('D1 does not stream query results; use execute()');
  }
}

/** D1 binds null, numbers, strings and bytes; booleans become 0/1 and bigints numbers, as SQLite stores them. */
function toD1Value(v: unknown): unknown {
  if (v === undefined) return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.toISOString();
  return v;
}

/**
 * One transaction at a time per isolate. A holder whose request was cancelled (Workers end a
 * request's work after its time limit) never unlocks, so a waiter takes the lock over after
 * `staleMs` instead of blocking the isolate forever.
 */
class TransactionLock {
  private holder?: { token: object; released: Promise<void>; release: () => void; at: number };

  constructor(private readonly staleMs = 10_000) {}

  async lock(token: object): Promise<void> {
    for (;;) {
      const current = this.holder;
      if (!current) break;
      const left = current.at + this.staleMs - Date.now();
      if (left <= 0) break;
      await Promise.race([current.released, new Promise((r) => setTimeout(r, left))]);
    }
    let release!: () => void;
    const released = new Promise<void>((r) => {
      release = r;
    });
    this.holder = { token, released, release, at: Date.now() };
  }

  unlock(token: object): void {
    const current = this.holder;
    if (!current || current.token !== token) return;
    this.holder = undefined;
    current.release();
  }
}
