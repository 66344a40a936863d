import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../../src/adapters/db/create-db.js';
import { createTestDatabase } from '../crm/helpers/test-pg.js';
import { VECTOR_A } from '../fixtures/wecom/vectors.js';
import { post, signedCallback, startHarness, textXml } from '../wecom/harness.js';

let pg: { url: string; drop(): Promise<void> } | undefined;
let skip = '';
beforeAll(async () => {
  const made = await createTestDatabase();
  if ('skip' in made) skip = made.skip;
  else pg = made;
});
afterAll(async () => {
  await pg?.drop();
});

describe('WeCom on two instances sharing PostgreSQL', () => {
  it('a callback and WeCom’s retries of it (same MsgId, new nonce) on both instances at once are answered once', async (ctx) => {
    if (skip) return ctx.skip(skip);
    const v = VECTOR_A;
    const now = 1_790_000_000;
    const dbA = await openPostgres(pg!.url, 4);
    const dbB = await openPostgres(pg!.url, 4);
    const a = await startHarness(v, now, { db: dbA });
    const b = await startHarness(v, now, { db: dbB });
    const xml = textXml(v.corpId, 'lisi', '不粘锅煎蛋要放油吗', '7300000000000000001', now);
    const res = await Promise.all([
      post(a.app, signedCallback(v, xml, now, { nonce: '111' })),
      post(b.app, signedCallback(v, xml, now + 5, { nonce: '222' })),
      post(b.app, signedCallback(v, xml, now + 10, { nonce: '333' })),
    ]);
    expect(res.map((r) => r.status)).toEqual([200, 200, 200]);
    await Promise.all([a.channel.idle(), b.channel.idle()]);
    expect(a.handled().length + b.handled().length).toBe(1);
    expect(a.fake.sent.length + b.fake.sent.length).toBe(1);
    const rows = await dbA.db.selectFrom('inbox_events').select(['event_id', 'status']).execute();
    expect(rows).toEqual([{ event_id: '7300000000000000001', status: 'done' }]);
    await a.close();
    await b.close();
    await a.t.close();
    await b.t.close();
  });
});
