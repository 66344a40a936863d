import type { Kysely } from 'kysely';

/** Engine tables: interaction log, knowledge gaps, durable inbox, jobs, key-value state. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('interactions')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('channel', 'varchar(16)', (c) => c.notNull())
    .addColumn('store_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(128)', (c) => c.notNull())
    .addColumn('chat_id', 'varchar(128)', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('intent', 'varchar(32)', (c) => c.notNull())
    .addColumn('products', 'text', (c) => c.notNull())
    .addColumn('sources', 'text', (c) => c.notNull())
    .addColumn('mode', 'varchar(16)', (c) => c.notNull())
    .addColumn('declined', 'integer', (c) => c.notNull())
    .addColumn('latency_ms', 'integer', (c) => c.notNull())
    .addColumn('answer', 'text', (c) => c.notNull())
    .addColumn('reply_id', 'varchar(64)')
    .addColumn('vote', 'varchar(8)')
    .execute();
  await db.schema.createIndex('interactions_at').on('interactions').column('at').execute();
  await db.schema.createIndex('interactions_user').on('interactions').columns(['user_id', 'at']).execute();
  await db.schema
    .createTable('knowledge_gaps')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('channel', 'varchar(16)', (c) => c.notNull())
    .addColumn('store_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(128)', (c) => c.notNull())
    .addColumn('question', 'text', (c) => c.notNull())
    .addColumn('intent', 'varchar(32)', (c) => c.notNull())
    .addColumn('products', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('knowledge_gaps_at').on('knowledge_gaps').column('at').execute();
  await db.schema
    .createTable('inbox_events')
    .addColumn('channel', 'varchar(16)', (c) => c.notNull())
    .addColumn('event_id', 'varchar(191)', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('lease_until', 'bigint', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('inbox_events_pk', ['channel', 'event_id'])
    .execute();
  await db.schema.createIndex('inbox_events_pending').on('inbox_events').columns(['status', 'received_at']).execute();
  await db.schema
    .createTable('jobs')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('key', 'varchar(191)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(64)', (c) => c.notNull())
    .addColumn('run_at', 'bigint', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .execute();
  await db.schema.createIndex('jobs_due').on('jobs').columns(['status', 'run_at']).execute();
  await db.schema
    .createTable('kv')
    .addColumn('key', 'varchar(191)', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['kv', 'jobs', 'inbox_events', 'knowledge_gaps', 'interactions']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
