import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeLark, startFakeLark } from '../fakes/lark/fake-lark.js';
import { APP_ID, APP_SECRET, startLarkHarness } from './harness.js';

let dir: string;
let fake: FakeLark;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'daogou-lark-restart-'));
  fake = await startFakeLark({ appId: APP_ID, appSecret: APP_SECRET });
});
afterEach(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('Lark: durable dedupe and crash recovery across restarts', () => {
  it('a retry delivered after a restart (same SQLite file) is acked and ignored', async () => {
    const dbFile = join(dir, 'daogou.db');
    const first = await startLarkHarness({ dbFile, fake });
    const ev = first.message({ eventId: 'ev-restart-1', text: '重启前的问题' });
    expect((await first.deliver(ev)).status).toBe(200);
    await first.channel.idle();
    await first.close();

    // Lark re-pushes after 5 min, 1 h, 6 h: all within the ~7 h retry window.
    const second = await startLarkHarness({ dbFile, fake, clockMs: first.clock.now() + 6 * 3600_000 });
    await second.channel.start?.();
    const res = await second.deliver(ev);
    expect(res.status).toBe(200);
    await second.channel.idle();
    expect(second.handled).toHaveLength(0);
    const mid = (ev.event as { message: { message_id: string } }).message.message_id;
    expect(fake.repliesTo(mid)).toHaveLength(1);
    await second.close();
  });

  it('an event accepted but never processed (Lark down, then the process stopped) is replayed once at start', async () => {
    const dbFile = join(dir, 'daogou.db');
    const first = await startLarkHarness({
      dbFile,
      fake,
      channel: { retry: { retries: 1, minTimeoutMs: 5, maxTimeoutMs: 10 } },
    });
    fake.fail('/reply', 100, 503, { code: 1, msg: 'service unavailable' });
    const ev = first.message({ eventId: 'ev-crash-1', text: '宕机时的问题' });
    expect((await first.deliver(ev)).status).toBe(200);
    await first.channel.idle();
    const mid = (ev.event as { message: { message_id: string } }).message.message_id;
    expect(fake.repliesTo(mid)).toHaveLength(0);
    expect(first.logger.lines.some((l) => l.level === 'error' && l.msg.includes('stays in the inbox'))).toBe(true);
    await first.close();

    fake.clearFailures(); // Lark is back
    const second = await startLarkHarness({ dbFile, fake, clockMs: first.clock.now() + 5 * 60_000 });
    await second.channel.start?.();
    await second.channel.idle();
    expect(second.handled.map((m) => m.text)).toEqual(['宕机时的问题']);
    expect(fake.repliesTo(mid)).toHaveLength(1);
    // Done now: another start replays nothing, and a late retry is ignored.
    expect(await second.channel.sweep()).toBe(0);
    expect((await second.deliver(ev)).status).toBe(200);
    await second.channel.idle();
    expect(fake.repliesTo(mid)).toHaveLength(1);
    await second.close();
  });
});
