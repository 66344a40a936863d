import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openPostgres } from '../../src/adapters/db/create-db.js';
import { createSqlCrm } from '../../src/adapters/db/sql-crm.js';
import type { InteractionRecord } from '../../src/ports/crm.js';
import { createTestDatabase } from '../crm/helpers/test-pg.js';

let pg: { url: string; drop(): Promise<void> } | undefined;
let db: Db | undefined;
let skip = '';
beforeAll(async () => {
  const made = await createTestDatabase();
  if ('skip' in made) skip = made.skip;
  else {
    pg = made;
    // One connection: a setting leaking into the main pool would show on the next query.
    db = await openPostgres(made.url, 1);
  }
});
afterAll(async () => {
  await db?.close();
  await pg?.drop();
});

const record = (id: string): InteractionRecord => ({
  id,
  at: Date.UTC(2026, 10, 23),
  kind: 'question',
  channel: 'lark',
  storeId: 's1',
  userId: 'ou_a',
  chatId: 'oc_a',
  text: '小蓝罐适合敏感肌吗',
  intent: 'product_question',
  products: [],
  sources: [],
  mode: 'structured',
  declined: false,
  latencyMs: 3,
  answer: '适合',
});

describe('PostgreSQL interaction logs with synchronous_commit = off', () => {
  it('applies to interaction logs only (their own pool), and the rows are written', async (ctx) => {
    if (skip || !db) return ctx.skip(skip);
    // A trigger records the setting each interaction row was written under.
    await sql`create table commit_probe (v text)`.execute(db.db);
    await sql`create function probe() returns trigger language plpgsql as $$
      begin insert into commit_probe values (current_setting('synchronous_commit')); return new; end $$`.execute(db.db);
    await sql`create trigger probe before insert on interactions for each row execute function probe()`.execute(db.db);
    const relaxed = createSqlCrm(db.db, { logDb: db.logDb!, piiSalt: 't' });
    const strict = createSqlCrm(db.db, { piiSalt: 't' });
    await Promise.all([relaxed.logInteraction(record('r1')), relaxed.logInteraction(record('r2'))]);
    await strict.logInteraction(record('r3'));
    const probes = await sql<{ v: string }>`select v from commit_probe`.execute(db.db);
    expect(probes.rows.map((r) => r.v)).toEqual(['off', 'off', 'on']);
    const after = await sql<{ synchronous_commit: string }>`show synchronous_commit`.execute(db.db);
    expect(after.rows[0]?.synchronous_commit).toBe('on');
    const n = await db.db
      .selectFrom('interactions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    expect(Number(n?.n)).toBe(3);
  });
});
