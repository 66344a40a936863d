import type { Kysely } from 'kysely';

/**
 * Many instances on one database: a second dedupe key per inbox event (Lark message_id),
 * the lease holder of inbox events and jobs, and the inbox's hand-out count. One column per
 * ALTER, as SQLite (and D1) require.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('inbox_events').addColumn('dedupe_key', 'varchar(191)').execute();
  await db.schema.alterTable('inbox_events').addColumn('lease_owner', 'varchar(64)').execute();
  await db.schema
    .alterTable('inbox_events')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  // NULLs never collide, so events without a second key are deduplicated by event_id alone.
  await db.schema
    .createIndex('inbox_events_dedupe')
    .on('inbox_events')
    .columns(['channel', 'dedupe_key'])
    .unique()
    .execute();
  await db.schema.alterTable('jobs').addColumn('locked_by', 'varchar(64)').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('inbox_events_dedupe').ifExists().execute();
  for (const c of ['dedupe_key', 'lease_owner', 'attempts'])
    await db.schema.alterTable('inbox_events').dropColumn(c).execute();
  await db.schema.alterTable('jobs').dropColumn('locked_by').execute();
}
