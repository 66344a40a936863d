import { describe, expect, it } from 'vitest';
import { createLoopGate } from '../../src/channels/create-loop-gate.js';

const busy = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // burn CPU, as composing a structured answer does
  }
};
const tick = () => new Promise<void>((r) => setImmediate(r));

describe('loop gate', () => {
  it('runs CPU-bound tasks about one at a time, so a timer (an ack) slips in between them', async () => {
    const gate = createLoopGate({ maxLagMs: 5, probeMs: 5 });
    let running = 0;
    let peak = 0;
    const task = async () => {
      running++;
      peak = Math.max(peak, running);
      await tick();
      busy(30);
      await tick();
      busy(30);
      running--;
    };
    const ackDelays: number[] = [];
    const acks = (async () => {
      for (let i = 0; i < 10; i++) {
        const t = performance.now();
        await new Promise((r) => setTimeout(r, 1));
        ackDelays.push(performance.now() - t);
      }
    })();
    await Promise.all([...Array(8)].map(() => gate.run(task)));
    await acks;
    gate.stop();
    expect(peak).toBeLessThanOrEqual(2);
    // Never behind more than about two 30 ms stretches (ungated: eight tasks' worth).
    expect(Math.max(...ackDelays)).toBeLessThan(8 * 30);
  });

  it('runs I/O-bound tasks side by side', async () => {
    const gate = createLoopGate({ maxLagMs: 20, probeMs: 5 });
    let running = 0;
    let peak = 0;
    const task = async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 200));
      running--;
    };
    await Promise.all([...Array(8)].map(() => gate.run(task)));
    gate.stop();
    expect(peak).toBeGreaterThanOrEqual(4);
  });
});
