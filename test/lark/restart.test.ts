import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Composer } from '../../src/core/composer.js';
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

  it('a backlog still queued in this process is not queued again by the replay sweep', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const features = new Composer().use(async (ctx) => {
      await gate;
      ctx.respond({
        intent: 'other',
        title: '好',
        blocks: [],
        text: '好',
        products: [],
        sources: [],
        mode: 'structured',
        declined: false,
      });
    });
    const h = await startLarkHarness({
      fake,
      engine: 'scripted',
      features,
      channel: { concurrency: 1, replay: { staleAfterMs: 1000, intervalMs: 0 } },
    });
    const mids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const ev = h.message({ eventId: `ev-backlog-${i}`, text: `问题${i}` });
      expect((await h.deliver(ev)).status).toBe(200);
      mids.push((ev.event as { message: { message_id: string } }).message.message_id);
    }
    await new Promise((r) => setTimeout(r, 20));
    h.clock.advance(60_000); // long past staleAfterMs: all three look interrupted
    expect(await h.channel.sweep()).toBe(0);
    release();
    await h.channel.idle();
    expect(h.handled.map((m) => m.text)).toEqual(['问题0', '问题1', '问题2']);
    expect(mids.map((m) => fake.repliesTo(m).length)).toEqual([1, 1, 1]);
    expect(fake.calls.filter((c) => c.path.endsWith('/reply'))).toHaveLength(3);
    await h.close();
  });
});
