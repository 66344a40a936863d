import type { Kysely } from 'kysely';

/** Use counts of curated answers (the knowledge loop). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('faq_hits')
    .addColumn('faq_id', 'varchar(128)', (c) => c.primaryKey())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('last_at', 'bigint', (c) => c.notNull())
    .execute();
}
