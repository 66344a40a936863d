import type { Kysely } from 'kysely';

/** Quizzes, expected participants, first answers, results, fan-out deliveries, growth scores. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('quizzes')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('product_id', 'varchar(128)', (c) => c.notNull())
    .addColumn('store_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('channel', 'varchar(16)', (c) => c.notNull())
    .addColumn('chat_ids', 'text', (c) => c.notNull())
    .addColumn('report_to', 'varchar(128)')
    .addColumn('created_by', 'varchar(128)', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('questions', 'text', (c) => c.notNull())
    .addColumn('card', 'text', (c) => c.notNull())
    .addColumn('pass_score', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('deadline', 'bigint', (c) => c.notNull())
    .addColumn('status', 'varchar(8)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('quizzes_open').on('quizzes').columns(['status', 'channel']).execute();
  await db.schema
    .createTable('quiz_participants')
    .addColumn('quiz_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(128)', (c) => c.notNull())
    .addColumn('chat_id', 'varchar(128)', (c) => c.notNull())
    .addColumn('name', 'varchar(128)')
    .addPrimaryKeyConstraint('quiz_participants_pk', ['quiz_id', 'user_id'])
    .execute();
  await db.schema
    .createTable('quiz_answers')
    .addColumn('quiz_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(128)', (c) => c.notNull())
    .addColumn('q_index', 'integer', (c) => c.notNull())
    .addColumn('option', 'integer', (c) => c.notNull())
    .addColumn('correct', 'integer', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('quiz_answers_pk', ['quiz_id', 'user_id', 'q_index'])
    .execute();
  await db.schema
    .createTable('quiz_results')
    .addColumn('quiz_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(128)', (c) => c.notNull())
    .addColumn('chat_id', 'varchar(128)', (c) => c.notNull())
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('correct', 'integer', (c) => c.notNull())
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('passed', 'integer', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('quiz_results_pk', ['quiz_id', 'user_id'])
    .execute();
  await db.schema
    .createTable('quiz_deliveries')
    .addColumn('key', 'varchar(191)', (c) => c.primaryKey())
    .addColumn('quiz_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('growth_scores')
    .addColumn('ref', 'varchar(128)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(128)', (c) => c.notNull())
    .addColumn('skill', 'varchar(16)', (c) => c.notNull())
    .addColumn('channel', 'varchar(16)', (c) => c.notNull())
    .addColumn('store_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('growth_scores_pk', ['ref', 'user_id', 'skill'])
    .execute();
  await db.schema.createIndex('growth_scores_user').on('growth_scores').columns(['user_id', 'skill', 'at']).execute();
}
