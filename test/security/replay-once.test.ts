import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/adapters/db/create-db.js';
import { type FakeLark, startFakeLark } from '../fakes/lark/fake-lark.js';
import { APP_ID, APP_SECRET, startLarkHarness } from '../lark/harness.js';

/**
 * Issue 10, problem 7: an event replayed after a crash has its side effects once — one
 * interaction row, one ticket, one gap, one reply — keyed on the event.
 */
let dir: string;
let fake: FakeLark;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'daogou-replay-'));
  fake = await startFakeLark({ appId: APP_ID, appSecret: APP_SECRET });
});
afterEach(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

async function rows(h: Awaited<ReturnType<typeof startLarkHarness>>, table: string): Promise<number> {
  const db = await openSqlite(h.dbFile);
  try {
    const r = await db.db
      .selectFrom(table as 'interactions')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  } finally {
    await db.close();
  }
}

describe('Lark: replay after a crash does every side effect once', () => {
  it('answered but not acknowledged to the inbox (crash before markDone): replayed, not redone', async () => {
    const dbFile = join(dir, 'daogou.db');
    const first = await startLarkHarness({
      dbFile,
      fake,
      channel: { retry: { retries: 1, minTimeoutMs: 5, maxTimeoutMs: 10 } },
    });
    // The answer is computed and logged, then sending fails and the process dies: the
    // event stays pending in the inbox, exactly as after a kill -9 mid-send.
    fake.fail('/reply', 100, 503, { code: 1, msg: 'service unavailable' });
    const report = first.message({
      eventId: 'ev-replay-ticket',
      text: '反馈：王女士 13800138000 蓝罐面霜用了三天脸发红',
    });
    const question = first.message({ eventId: 'ev-replay-gap', text: '紫管眼霜是哪个国家生产的' });
    expect((await first.deliver(report)).status).toBe(200);
    expect((await first.deliver(question)).status).toBe(200);
    await first.channel.idle();
    await first.close({ keepDb: true });
    expect(await rows(first, 'interactions')).toBe(2);
    expect(await rows(first, 'tickets')).toBe(1);
    const gaps = await rows(first, 'knowledge_gaps');

    fake.clearFailures();
    for (let restart = 1; restart <= 2; restart++) {
      const next = await startLarkHarness({ dbFile, fake, clockMs: first.clock.now() + restart * 5 * 60_000 });
      await next.channel.start?.();
      await next.channel.idle();
      await next.channel.sweep();
      await next.channel.idle();
      await next.close({ keepDb: true });
    }
    expect(await rows(first, 'interactions')).toBe(2);
    expect(await rows(first, 'tickets')).toBe(1);
    expect(await rows(first, 'knowledge_gaps')).toBe(gaps);
    for (const ev of [report, question]) {
      const mid = (ev.event as { message: { message_id: string } }).message.message_id;
      expect(fake.repliesTo(mid)).toHaveLength(1);
    }
  });
});
