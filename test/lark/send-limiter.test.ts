import { describe, expect, it } from 'vitest';
import { createSendLimiter } from '../../src/channels/lark/send-limiter.js';

describe('send limiter', () => {
  it('spaces app-wide starts even after the event loop stalls (no catch-up burst)', async () => {
    const limiter = createSendLimiter({ appMinMs: 20, perChatMinMs: 1 });
    const starts: number[] = [];
    const jobs = Array.from({ length: 15 }, (_, i) =>
      limiter.schedule(`oc_${i}`, async () => {
        starts.push(performance.now());
        if (i === 3) {
          const until = Date.now() + 80; // a long synchronous stretch, like a GC pause
          while (Date.now() < until);
        }
        return i;
      }),
    );
    expect(await Promise.all(jobs)).toEqual([...Array(15).keys()]);
    const gaps = starts.slice(1).map((t, i) => t - starts[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(19);
    await limiter.stop();
  });

  it('keeps a chat at ≤ 1 send per perChatMinMs, measured from when the request left', async () => {
    const limiter = createSendLimiter({ appMinMs: 1, perChatMinMs: 100 });
    const starts: number[] = [];
    await Promise.all(
      Array.from({ length: 4 }, () => limiter.schedule('oc_same', async () => starts.push(performance.now()))),
    );
    const gaps = starts.slice(1).map((t, i) => t - starts[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(99);
    await limiter.stop();
  });

  it('holds the per-minute quota over a sliding window', async () => {
    const limiter = createSendLimiter({ appMinMs: 1, perChatMinMs: 1, appPerMinute: 3, minuteMs: 300 });
    const starts: number[] = [];
    await Promise.all(
      Array.from({ length: 6 }, (_, i) => limiter.schedule(`oc_${i}`, async () => starts.push(performance.now()))),
    );
    expect(starts[3]! - starts[0]!).toBeGreaterThanOrEqual(299);
    expect(starts[5]! - starts[2]!).toBeGreaterThanOrEqual(299);
    expect(starts[2]! - starts[0]!).toBeLessThan(150);
    await limiter.stop();
  });
});
