import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRequestSafeLimiter } from '../../src/entry/worker/create-request-safe-limiter.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('the Workers send limiter', () => {
  it('spaces sends to one chat and across the app, in order, waiting before each send', async () => {
    vi.useFakeTimers({ now: 0 });
    const limiter = createRequestSafeLimiter({ perChatMinMs: 200, appMinMs: 20 });
    const starts: [string, number][] = [];
    const send = (label: string) => async () => {
      starts.push([label, Date.now()]);
      return label;
    };
    const all = Promise.all([
      limiter.schedule('chat-a', send('a1')),
      limiter.schedule('chat-a', send('a2')),
      limiter.schedule('chat-b', send('b1')),
      limiter.scheduleApp(send('card')),
    ]);
    await vi.runAllTimersAsync();
    expect(await all).toEqual(['a1', 'a2', 'b1', 'card']);
    const at = Object.fromEntries(starts);
    expect(at.a2! - at.a1!).toBeGreaterThanOrEqual(200);
    const appStarts = starts.map(([, t]) => t).sort((x, y) => x - y);
    for (let i = 1; i < appStarts.length; i++) expect(appStarts[i]! - appStarts[i - 1]!).toBeGreaterThanOrEqual(20);
  });

  it('leaves no timer running once a caller has its result (Workers would cancel it)', async () => {
    vi.useFakeTimers({ now: 0 });
    const limiter = createRequestSafeLimiter();
    const first = limiter.schedule('chat', async () => 1);
    await vi.runAllTimersAsync();
    expect(await first).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
    const second = limiter.schedule('chat', async () => 2);
    await vi.runAllTimersAsync();
    expect(await second).toBe(2);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('does not let a failed send block the chat', async () => {
    const limiter = createRequestSafeLimiter({ perChatMinMs: 1, appMinMs: 1 });
    await expect(
      limiter.schedule('chat', async () => {
        throw new Error('lark said no');
      }),
    ).rejects.toThrow('lark said no');
    expect(await limiter.schedule('chat', async () => 'ok')).toBe('ok');
  });
});
