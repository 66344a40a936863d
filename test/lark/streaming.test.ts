import { afterEach, describe, expect, it } from 'vitest';
import { FALLBACK_ERROR_TEXT } from '../../src/core/assistant.js';
import type { FakeCard } from '../fakes/lark/fake-lark.js';
import { type Harness, startLarkHarness } from './harness.js';
import { STREAM_PARTS } from './lark-test-features.js';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

async function ask(text: string, eventId: string): Promise<string> {
  const ev = h.message({ eventId, text });
  const res = await h.deliver(ev);
  expect(res.status).toBe(200);
  await h.channel.idle();
  return (ev.event as { message: { message_id: string } }).message.message_id;
}

function onlyCard(): FakeCard {
  const cards = [...h.fake.cards.values()];
  expect(cards).toHaveLength(1);
  return cards[0]!;
}

/** At most `limit` operations in any one-second window. */
function maxPerSecond(times: number[]): number {
  return Math.max(0, ...times.map((t) => times.filter((u) => u >= t && u - t < 1000).length));
}

describe('LLM answers stream through CardKit', () => {
  it('creates the entity on the first partial text, streams with increasing sequence ≤10/s, closes, then shows the final card', async () => {
    h = await startLarkHarness({ engine: 'scripted', channel: { streaming: true } });
    const mid = await ask('流式 介绍一下这款精华', 'ev-stream-1');
    const card = onlyCard();
    expect(card.sent).toBe(true);
    const [msg] = h.fake.repliesTo(mid);
    expect(h.fake.repliesTo(mid)).toHaveLength(1);
    expect(msg!.content).toEqual({ type: 'card', data: { card_id: card.cardId } });

    const seqs = card.ops.map((o) => o.sequence);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    const contents = card.ops.filter((o) => o.op === 'content').map((o) => o.content);
    expect(contents.length).toBeGreaterThanOrEqual(1);
    expect(contents.length).toBeLessThan(STREAM_PARTS.length + 1);
    expect(contents.at(-1)).toBe(STREAM_PARTS.at(-1));
    // Typewriter effect: each frame extends the previous one.
    for (let i = 1; i < contents.length; i++) expect(contents[i]!.startsWith(contents[i - 1]!)).toBe(true);
    expect(maxPerSecond(card.ops.map((o) => o.at))).toBeLessThanOrEqual(10);
    expect(card.ops.slice(-2).map((o) => o.op)).toEqual(['settings', 'update']);
    expect(card.streaming).toBe(false);
    const final = JSON.stringify(card.card);
    expect(final).toContain('先在耳后试用');
    expect(final).toContain('sk-bha-serum#卖点');
    expect(final).toContain('"vote":"up"');
  });

  it('an LLM failure mid-stream still closes the card and shows the fallback answer in it', async () => {
    h = await startLarkHarness({ engine: 'scripted', channel: { streaming: true } });
    const mid = await ask('流式失败', 'ev-stream-2');
    const card = onlyCard();
    expect(card.ops.some((o) => o.op === 'content' && o.content?.startsWith('这款产品'))).toBe(true);
    expect(card.streaming).toBe(false);
    expect(JSON.stringify(card.card)).toContain(FALLBACK_ERROR_TEXT);
    expect(h.fake.repliesTo(mid)).toHaveLength(1);
  });

  it('a CardKit error mid-stream falls back to one ordinary reply', async () => {
    h = await startLarkHarness({ engine: 'scripted', channel: { streaming: true } });
    h.fake.fail('/elements/', 100, 500);
    const mid = await ask('流式 介绍一下这款精华', 'ev-stream-3');
    const replies = h.fake.repliesTo(mid);
    expect(replies).toHaveLength(2);
    expect(replies[0]!.content).toMatchObject({ type: 'card' });
    expect(replies[1]!.msgType).toBe('interactive');
    expect(JSON.stringify(replies[1]!.content)).toContain('先在耳后试用');
    expect(onlyCard().streaming).toBe(false);
  });

  it('when the card entity cannot be created, the answer is a single ordinary reply', async () => {
    h = await startLarkHarness({ engine: 'scripted', channel: { streaming: true } });
    h.fake.fail(/^\/open-apis\/cardkit\/v1\/cards$/, 100, 400, {
      code: 99991672,
      msg: 'Access denied. One of the following scopes is required: [cardkit:card:write]',
    });
    const mid = await ask('流式 介绍一下这款精华', 'ev-stream-4');
    expect(h.fake.cards.size).toBe(0);
    const replies = h.fake.repliesTo(mid);
    expect(replies).toHaveLength(1);
    expect(JSON.stringify(replies[0]!.content)).toContain('先在耳后试用');
  });

  it('structured answers are not streamed even with streaming on', async () => {
    h = await startLarkHarness({ engine: 'scripted', channel: { streaming: true } });
    const mid = await ask('吹风机', 'ev-stream-5');
    expect(h.fake.cards.size).toBe(0);
    expect(h.fake.repliesTo(mid)).toHaveLength(1);
  });
});
