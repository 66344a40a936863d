import type { Kysely } from 'kysely';

/** CRM: customers, feedback tickets and notes, competitor intel, points, the outbox, id counters. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('counters')
    .addColumn('name', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('value', 'integer', (c) => c.notNull())
    .execute();
  await db
    .insertInto('counters' as never)
    .values([
      { name: 'ticket', value: 0 },
      { name: 'intel', value: 0 },
    ] as never)
    .execute();
  await db.schema
    .createTable('customers')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('store_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('key_hash', 'varchar(128)', (c) => c.notNull().unique())
    .addColumn('masked_contact', 'varchar(64)')
    .addColumn('display_name', 'varchar(64)')
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('report_count', 'integer', (c) => c.notNull())
    .addColumn('first_seen', 'bigint', (c) => c.notNull())
    .addColumn('last_seen', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('customers_store').on('customers').columns(['store_id', 'display_name']).execute();
  await db.schema
    .createTable('tickets')
    .addColumn('no', 'integer', (c) => c.primaryKey())
    .addColumn('source_key', 'varchar(191)', (c) => c.notNull().unique())
    .addColumn('store_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('channel', 'varchar(16)', (c) => c.notNull())
    .addColumn('chat_id', 'varchar(128)', (c) => c.notNull())
    .addColumn('reporter_id', 'varchar(128)', (c) => c.notNull())
    .addColumn('reporter_name', 'varchar(128)')
    .addColumn('customer_id', 'varchar(64)')
    .addColumn('customer_name', 'varchar(64)')
    .addColumn('member_tail', 'varchar(8)')
    .addColumn('products', 'text', (c) => c.notNull())
    .addColumn('playbook_id', 'varchar(128)')
    .addColumn('category', 'varchar(16)', (c) => c.notNull())
    .addColumn('severity', 'varchar(8)', (c) => c.notNull())
    .addColumn('sentiment', 'varchar(8)', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(8)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('first_due', 'bigint', (c) => c.notNull())
    .addColumn('plan_due', 'bigint')
    .addColumn('first_response_at', 'bigint')
    .addColumn('plan_at', 'bigint')
    .addColumn('closed_at', 'bigint')
    .addColumn('closed_by', 'varchar(128)')
    .addColumn('resolution', 'text')
    .addColumn('escalated_at', 'bigint')
    .execute();
  await db.schema.createIndex('tickets_store').on('tickets').columns(['store_id', 'status', 'created_at']).execute();
  await db.schema.createIndex('tickets_customer').on('tickets').column('customer_id').execute();
  await db.schema
    .createTable('ticket_notes')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('ticket_no', 'integer', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('by_id', 'varchar(128)', (c) => c.notNull())
    .addColumn('by_name', 'varchar(128)')
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ticket_notes_ticket').on('ticket_notes').columns(['ticket_no', 'at']).execute();
  await db.schema
    .createTable('intel')
    .addColumn('no', 'integer', (c) => c.primaryKey())
    .addColumn('source_key', 'varchar(191)', (c) => c.notNull().unique())
    .addColumn('store_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('channel', 'varchar(16)', (c) => c.notNull())
    .addColumn('chat_id', 'varchar(128)', (c) => c.notNull())
    .addColumn('reporter_id', 'varchar(128)', (c) => c.notNull())
    .addColumn('reporter_name', 'varchar(128)')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('brand', 'varchar(64)')
    .addColumn('product', 'varchar(64)')
    .addColumn('price', 'double precision')
    .addColumn('promotion', 'varchar(64)')
    .addColumn('location', 'varchar(128)')
    .addColumn('product_ids', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('decided_at', 'bigint')
    .addColumn('decided_by', 'varchar(128)')
    .addColumn('reason', 'text')
    .addColumn('points', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('intel_store').on('intel').columns(['store_id', 'status']).execute();
  await db.schema
    .createTable('points')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('ref', 'varchar(191)', (c) => c.notNull().unique())
    .addColumn('store_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(128)', (c) => c.notNull())
    .addColumn('user_name', 'varchar(128)')
    .addColumn('points', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('points_store').on('points').columns(['store_id', 'at']).execute();
  await db.schema
    .createTable('outbox')
    .addColumn('id', 'varchar(96)', (c) => c.primaryKey())
    .addColumn('sink', 'varchar(32)', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('type', 'varchar(48)', (c) => c.notNull())
    .addColumn('ref', 'varchar(191)', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(12)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_at', 'bigint', (c) => c.notNull())
    .addColumn('lease_until', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('batch_id', 'varchar(64)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('delivered_at', 'bigint')
    .addColumn('last_error', 'text')
    .execute();
  await db.schema.createIndex('outbox_due').on('outbox').columns(['sink', 'status', 'next_at']).execute();
  await db.schema.createIndex('outbox_batch').on('outbox').column('batch_id').execute();
  await db.schema.createIndex('knowledge_gaps_store').on('knowledge_gaps').columns(['store_id', 'at']).execute();
  await db.schema.createIndex('interactions_store').on('interactions').columns(['store_id', 'at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('interactions_store').ifExists().execute();
  await db.schema.dropIndex('knowledge_gaps_store').ifExists().execute();
  for (const t of ['outbox', 'points', 'intel', 'ticket_notes', 'tickets', 'customers', 'counters']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
