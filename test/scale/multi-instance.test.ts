import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Assistant } from '../../src/core/assistant.js';
import { createManualClock } from '../../src/ports/clock.js';
import { createTestDatabase } from '../crm/helpers/test-pg.js';
import { messageEvent } from '../fakes/lark/build-delivery.js';
import { type FakeLark, startFakeLark } from '../fakes/lark/fake-lark.js';
import { APP_ID, APP_SECRET, USER, VERIFY_TOKEN } from '../lark/harness.js';
import { api } from '../quiz/lark-helpers.js';
import { ADMIN_TOKEN, type Instance, startInstance } from './instances.js';

/**
 * Two app instances on one PostgreSQL database, driven through their HTTP surfaces
 * (signed Lark webhooks, the quiz admin API) against one fake Lark Open API.
 */

const T0 = Date.UTC(2026, 10, 23, 2, 0, 0);
let pg: { url: string; drop(): Promise<void> } | undefined;
let skip = '';
let fake: FakeLark;
const open: Instance[] = [];

beforeAll(async () => {
  const made = await createTestDatabase();
  if ('skip' in made) skip = made.skip;
  else pg = made;
});
afterAll(async () => {
  await pg?.drop();
});
afterEach(async () => {
  for (const i of open.splice(0)) await i.close();
  await fake?.close();
});

async function two(opts: { stallA?: Promise<void> } = {}) {
  fake = await startFakeLark({ appId: APP_ID, appSecret: APP_SECRET });
  const clock = createManualClock(T0);
  const stall = opts.stallA;
  const wrap = stall
    ? (a: Assistant): Assistant => ({
        services: a.services,
        handle: async (m, o) => {
          await stall;
          return a.handle(m, o);
        },
      })
    : undefined;
  const a = await startInstance({
    name: 'a',
    pgUrl: pg!.url,
    fake,
    clock,
    ...(wrap ? { wrap, channel: { concurrency: 1 } } : {}),
  });
  open.push(a);
  const b = await startInstance({ name: 'b', pgUrl: pg!.url, fake, clock });
  open.push(b);
  return { a, b, clock };
}

let n = 0;
function userMessage(o: { eventId: string; messageId?: string; text: string }) {
  const messageId = o.messageId ?? `om_scale${T0}${++n}${Math.random().toString(36).slice(2, 8)}`;
  const chatId = `oc_scale${n}`;
  fake.seedMessage(messageId, chatId);
  return {
    messageId,
    event: messageEvent({
      eventId: o.eventId,
      token: VERIFY_TOKEN,
      messageId,
      chatId,
      chatType: 'p2p',
      senderOpenId: USER,
      createTimeMs: T0,
      text: o.text,
    }),
  };
}

const withEventId = (event: Record<string, unknown>, eventId: string) => ({
  ...event,
  header: { ...(event.header as Record<string, unknown>), event_id: eventId },
});

describe('many instances on one PostgreSQL', () => {
  it('one message re-sent under a new event_id, and re-pushed, to two instances at once is answered once', async (ctx) => {
    if (skip) return ctx.skip(skip);
    const { a, b } = await two();
    const m = userMessage({ eventId: `ev-dup-${T0}-1`, text: '小蓝罐适合敏感肌吗' });
    const again = withEventId(m.event, `ev-dup-${T0}-2`);
    const statuses = await Promise.all([
      a.deliver(m.event),
      b.deliver(again),
      b.deliver(m.event), // Lark's re-push of the first event, landing on the other instance
      a.deliver(again),
    ]);
    expect(statuses.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    await Promise.all([a.channel.idle(), b.channel.idle()]);
    expect(a.handled.length + b.handled.length).toBe(1);
    expect(fake.repliesTo(m.messageId)).toHaveLength(1);
    expect(fake.uuidRepeats).toBe(0);
    const rows = await a.node.db.db.selectFrom('inbox_events').select(['event_id', 'status']).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.status).toBe('done');
  });

  it('a dead instance’s leases are taken over after they run out, and the dead one’s queue is fenced off', async (ctx) => {
    if (skip) return ctx.skip(skip);
    let release!: () => void;
    const stalled = new Promise<void>((r) => {
      release = r;
    });
    // A answers one message at a time and is stuck on the first: the second waits in its queue.
    const { a, b, clock } = await two({ stallA: stalled });
    const first = userMessage({ eventId: `ev-lease-${T0}-1`, text: '防晒霜油不油' });
    const second = userMessage({ eventId: `ev-lease-${T0}-2`, text: '这款面霜多少钱' });
    expect((await a.deliver(first.event)).status).toBe(200);
    expect((await a.deliver(second.event)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 50));

    // While A's leases hold, B's sweep takes nothing.
    clock.advance(10_000);
    expect(await b.channel.sweep()).toBe(0);
    // A stops renewing (it died): 15 s after its last lease, B's sweep takes both over.
    clock.advance(6_000);
    expect(await b.channel.sweep()).toBe(2);
    await b.channel.idle();
    expect(b.handled.map((m) => m.text)).toEqual(['防晒霜油不油', '这款面霜多少钱']);
    expect(fake.repliesTo(first.messageId)).toHaveLength(1);
    expect(fake.repliesTo(second.messageId)).toHaveLength(1);

    // A wakes up: renewing tells it both were taken; the queued one is skipped, and the
    // one it was in the middle of repeats B's send uuid, which Lark drops.
    expect(await a.channel.renew()).toEqual([`ev-lease-${T0}-1`, `ev-lease-${T0}-2`]);
    release();
    await a.channel.idle();
    expect(a.handled.map((m) => m.text)).toEqual(['防晒霜油不油']);
    expect(fake.repliesTo(first.messageId)).toHaveLength(1);
    expect(fake.repliesTo(second.messageId)).toHaveLength(1);
    expect(fake.uuidRepeats).toBe(1);
  });

  it('an ingress-only instance acks; an answering-only instance claims and answers, once', async (ctx) => {
    if (skip) return ctx.skip(skip);
    fake = await startFakeLark({ appId: APP_ID, appSecret: APP_SECRET });
    const clock = createManualClock(T0);
    const ingress = await startInstance({ name: 'in', pgUrl: pg!.url, fake, clock, channel: { role: 'ingress' } });
    open.push(ingress);
    const answer = await startInstance({ name: 'ans', pgUrl: pg!.url, fake, clock, channel: { role: 'answer' } });
    open.push(answer);
    expect(answer.channel.routes).toBeUndefined();
    const m = userMessage({ eventId: `ev-role-${T0}-1`, text: '小蓝罐适合敏感肌吗' });
    expect((await ingress.deliver(m.event)).status).toBe(200);
    expect((await ingress.deliver(withEventId(m.event, `ev-role-${T0}-2`))).status).toBe(200);
    await ingress.channel.idle();
    expect(ingress.handled).toHaveLength(0);
    // Stored unleased: claimable at once, no lease to wait out.
    expect(await answer.channel.sweep()).toBe(1);
    await answer.channel.idle();
    expect(answer.handled.map((x) => x.text)).toEqual(['小蓝罐适合敏感肌吗']);
    expect(fake.repliesTo(m.messageId)).toHaveLength(1);
    expect(await answer.channel.sweep()).toBe(0);
  });

  it('claimStale takes one channel’s events and leaves another channel’s alone', async (ctx) => {
    if (skip) return ctx.skip(skip);
    const { a, b, clock } = await two();
    // A WeCom callback accepted by A, which then died before answering it.
    await a.node.services.inbox.accept({
      channel: 'wecom',
      eventId: `wecom-${T0}`,
      payload: { kind: 'event', eventId: `wecom-${T0}`, userId: 'lisi', event: 'enter_agent' },
      receivedAt: clock.now(),
    });
    clock.advance(60_000);
    expect(await b.channel.sweep()).toBe(0);
    const row = await b.node.db.db
      .selectFrom('inbox_events')
      .select(['status', 'lease_owner', 'attempts'])
      .where('channel', '=', 'wecom')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'pending', lease_owner: a.node.services.inbox.owner, attempts: 1 });
    const claimed = await b.node.services.inbox.claimStale('wecom', clock.now(), 15_000, 10);
    expect(claimed.map((e) => [e.channel, e.eventId, e.attempts])).toEqual([['wecom', `wecom-${T0}`, 2]]);
  });

  it('a quiz push timer due on two instances racing for it fires once', async (ctx) => {
    if (skip) return ctx.skip(skip);
    const { a, b } = await two();
    const chats = ['oc_race_group_1', 'oc_race_group_2', 'oc_race_group_3'];
    for (const c of chats) fake.seedChat(c, [{ openId: 'ou_alice', name: 'Alice' }]);
    const created = await api(
      a.http,
      'POST',
      '/api/quizzes',
      { product_id: 'sk-calm-cream', chat_ids: chats, duration: '1h', pass_score: 80 },
      ADMIN_TOKEN,
    );
    expect(created.status).toBe(201);
    const ran = await Promise.all([a.node.services.jobs.runDue(), b.node.services.jobs.runDue()]);
    expect(ran[0] + ran[1]).toBe(1);
    // Each group: the knowledge card and the quiz card, once.
    for (const c of chats) expect(fake.messages.filter((m) => m.chatId === c)).toHaveLength(2);
    expect(fake.uuidRepeats).toBe(0);
  });

  it('a timer whose instance died after sending fires again elsewhere without sending twice', async (ctx) => {
    if (skip) return ctx.skip(skip);
    const { a, b, clock } = await two();
    let release!: () => void;
    const dead = new Promise<void>((r) => {
      release = r;
    });
    const chat = 'oc_timer_chat';
    const sendOnce = (stallAfterSend: boolean, i: Instance) => async () => {
      await i.node.services.messenger.send(
        { channel: 'lark', chatId: chat },
        {
          // A fresh reply id per run, as features make them: it must not change the send key.
          id: i.node.services.ids.next('r'),
          intent: 'other',
          title: '⏰ 工单 #7',
          blocks: [],
          text: '⏰ 工单 #7 将在 1 小时后超时',
          products: [],
          sources: [],
          mode: 'structured',
          declined: false,
          latencyMs: 0,
        },
      );
      if (stallAfterSend) await dead;
    };
    a.node.services.jobs.handle('test.remind', sendOnce(true, a));
    b.node.services.jobs.handle('test.remind', sendOnce(false, b));
    await a.node.services.jobs.schedule({ name: 'test.remind', key: 'remind:7', runAt: clock.now(), payload: {} });
    const aRun = a.node.services.jobs.runDue();
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.messages.filter((m) => m.chatId === chat)).toHaveLength(1);
    // B finds it locked until A's lease runs out, then runs it again.
    expect(await b.node.services.jobs.runDue()).toBe(0);
    clock.advance(16_000);
    expect(await b.node.services.jobs.runDue()).toBe(1);
    expect(fake.messages.filter((m) => m.chatId === chat)).toHaveLength(1);
    expect(fake.uuidRepeats).toBe(1);
    release();
    await aRun;
  });
});
