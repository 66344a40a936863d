import { afterEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/reply.js';
import { type Harness, startLarkHarness } from './harness.js';
import { LONG_LINE } from './lark-test-features.js';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

async function ask(text: string, eventId: string, chatId?: string): Promise<string> {
  const ev = h.message({ eventId, text, ...(chatId ? { chatId } : {}) });
  expect((await h.deliver(ev)).status).toBe(200);
  return (ev.event as { message: { message_id: string } }).message.message_id;
}

const codes = (path: string) => h.fake.calls.filter((c) => c.path.includes(path)).map((c) => c.code);

describe('Lark API resilience', () => {
  it('5xx on the token endpoint and on reply are retried until Lark recovers', async () => {
    h = await startLarkHarness();
    h.fake.fail('/tenant_access_token', 2, 502, { code: 1, msg: 'bad gateway' });
    h.fake.fail('/reply', 3, 500);
    const mid = await ask('问题', 'ev-5xx');
    await h.channel.idle();
    expect(h.fake.repliesTo(mid)).toHaveLength(1);
    expect(codes('/reply')).toEqual([1, 1, 1, 0]);
    expect(codes('/tenant_access_token')).toEqual([1, 1, 0]);
  });

  it('a rate-limit storm (230020, then 99991400 with HTTP 429) is ridden out with backoff, reply sent once', async () => {
    h = await startLarkHarness();
    h.fake.rateLimitStorm(3);
    h.fake.fail('/reply', 2, 429, { code: 99991400, msg: 'request trigger frequency limit' });
    const mid = await ask('问题', 'ev-storm');
    await h.channel.idle();
    expect(h.fake.repliesTo(mid)).toHaveLength(1);
    expect(codes('/reply')).toEqual([99991400, 99991400, 230020, 230020, 230020, 0]);
  });

  it('an expired tenant token is refreshed once and the call repeated', async () => {
    h = await startLarkHarness({ engine: 'scripted' });
    await ask('一', 'ev-tok-1', 'oc_tok');
    await h.channel.idle();
    h.fake.expireTokens();
    const mid = await ask('二', 'ev-tok-2', 'oc_tok');
    await h.channel.idle();
    expect(h.fake.repliesTo(mid)).toHaveLength(1);
    expect(h.fake.tokensIssued).toBe(2);
    expect(codes('/reply')).toEqual([0, 99991663, 0]);
  });

  it('a request Lark never answers times out and is retried with the same uuid', async () => {
    h = await startLarkHarness({
      engine: 'scripted',
      channel: { retry: { retries: 3, minTimeoutMs: 10, maxTimeoutMs: 20, attemptTimeoutMs: 300 } },
    });
    h.fake.fail('/reply', 1, 0);
    const mid = await ask('问题', 'ev-hang');
    await h.channel.idle();
    expect(h.fake.repliesTo(mid)).toHaveLength(1);
    const uuids = h.fake.calls.filter((c) => c.path.endsWith('/reply')).map((c) => (c.body as { uuid: string }).uuid);
    expect(uuids).toHaveLength(1); // the hung call is never recorded as answered
    expect(h.fake.repliesTo(mid)[0]!.uuid).toBe(uuids[0]);
  });

  it('errors that retrying cannot fix are not retried', async () => {
    h = await startLarkHarness({ engine: 'scripted' });
    h.fake.fail('/reply', 5, 400, { code: 230002, msg: 'The bot can not be outside the group.' });
    await ask('问题', 'ev-400');
    await h.channel.idle();
    expect(codes('/reply')).toEqual([230002]);
  });

  it('keeps ≤ 5 messages/s per chat: a burst to one chat never trips 230020', async () => {
    h = await startLarkHarness({ engine: 'scripted' });
    const mids: string[] = [];
    for (let i = 0; i < 8; i++) mids.push(await ask(`第${i}个问题`, `ev-burst-${i}`, 'oc_busy'));
    await h.channel.idle();
    expect(mids.every((m) => h.fake.repliesTo(m).length === 1)).toBe(true);
    expect(codes('/reply').every((c) => c === 0)).toBe(true);
    const times = h.fake.messages.map((m) => m.at).sort((a, b) => a - b);
    for (let i = 5; i < times.length; i++) expect(times[i]! - times[i - 5]!).toBeGreaterThanOrEqual(1000);
  });
});

describe('Lark message limits: cards fall back to text, never truncated', () => {
  it('an answer too big for a 30 KB card goes out as numbered text parts holding every line', async () => {
    h = await startLarkHarness({ engine: 'scripted' });
    const mid = await ask('长答案', 'ev-long');
    await h.channel.idle();
    const parts = h.fake.repliesTo(mid);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((p) => p.msgType === 'text')).toBe(true);
    const texts = parts.map((p) => (p.content as { text: string }).text);
    for (const [i, t] of texts.entries()) expect(t.startsWith(`（${i + 1}/${parts.length}）`)).toBe(true);
    expect(texts.every((t) => Buffer.byteLength(JSON.stringify({ text: t })) <= 12 * 1024 + 64)).toBe(true);
    const all = texts.join('\n');
    for (let i = 1; i <= 500; i++) expect(all).toContain(`${LONG_LINE}（第${i}条）`);
  });

  it('an answer with more components than a card allows goes out as text', async () => {
    h = await startLarkHarness({ engine: 'scripted' });
    const mid = await ask('很多块', 'ev-many');
    await h.channel.idle();
    const parts = h.fake.repliesTo(mid);
    expect(parts.map((p) => p.msgType)).toEqual(['text']);
    expect((parts[0]!.content as { text: string }).text).toContain('第120点');
  });

  it('a card Lark rejects (230099) is resent as text', async () => {
    h = await startLarkHarness();
    h.fake.fail('/reply', 1, 400, { code: 230099, msg: 'Failed to create card content' });
    const mid = await ask('顾客说包装破了要退货', 'ev-rej');
    await h.channel.idle();
    const parts = h.fake.repliesTo(mid);
    expect(parts.map((p) => p.msgType)).toEqual(['text']);
    expect((parts[0]!.content as { text: string }).text).toContain('【包装破损退货】');
  });
});

describe('LarkChannelClient: send and members', () => {
  const reply: Reply = {
    id: 'r_push',
    intent: 'command',
    title: '今日小测',
    blocks: [{ kind: 'quiz', title: '第 1 题', lines: ['HS1 的电机转速是？'] }],
    text: '今日小测',
    products: [],
    sources: [],
    mode: 'structured',
    declined: false,
    latencyMs: 0,
    actions: [{ id: 'opt_a', label: 'A. 11 万转', value: { action: 'quiz_answer', option: 'A' }, style: 'primary' }],
  };

  it('sends a card to a chat with @mentions and the reply actions as buttons', async () => {
    h = await startLarkHarness({ engine: 'scripted' });
    await h.services.messenger.send({ channel: 'lark', chatId: 'oc_store1', mention: ['ou_alice', 'ou_bob'] }, reply);
    const call = h.fake.calls.find((c) => c.path === '/open-apis/im/v1/messages')!;
    expect(call.query).toEqual({ receive_id_type: 'chat_id' });
    const [msg] = h.fake.messages;
    const content = JSON.stringify(msg!.content);
    expect(msg!.chatId).toBe('oc_store1');
    expect(content).toContain('<at id=ou_alice></at> <at id=ou_bob></at>');
    expect(content).toContain('"option":"A"');
    expect(content).not.toContain('"vote"');
  });

  it('lists chat members across pages', async () => {
    h = await startLarkHarness({ engine: 'scripted' });
    const members = Array.from({ length: 250 }, (_, i) => ({ openId: `ou_m${i}`, name: `店员${i}` }));
    h.fake.seedChat('oc_store1', members);
    const got = await h.channel.client.members('oc_store1');
    expect(got).toHaveLength(250);
    expect(got[249]).toEqual({ userId: 'ou_m249', name: '店员249' });
    expect(h.fake.calls.filter((c) => c.path.endsWith('/members'))).toHaveLength(3);
  });
});
