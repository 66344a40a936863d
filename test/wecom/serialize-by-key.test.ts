import { describe, expect, it } from 'vitest';
import { createKeyedSerializer } from '../../src/channels/serialize-by-key.js';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('createKeyedSerializer', () => {
  it('keeps the parts of two replies to one member in order; other members are not held up', async () => {
    const serial = createKeyedSerializer();
    const out: string[] = [];
    const reply = (key: string, name: string, delay: number) =>
      serial(key, async () => {
        for (const part of [1, 2, 3]) {
          await tick(delay);
          out.push(`${key}:${name}${part}`);
        }
      });
    await Promise.all([reply('u1', 'A', 5), reply('u1', 'B', 1), reply('u2', 'C', 1)]);
    expect(out.filter((s) => s.startsWith('u1'))).toEqual(['u1:A1', 'u1:A2', 'u1:A3', 'u1:B1', 'u1:B2', 'u1:B3']);
    // u2 finished while u1's first reply was still being sent.
    expect(out.indexOf('u2:C3')).toBeLessThan(out.indexOf('u1:A3'));
  });

  it('a failing task does not block the next one for the same key', async () => {
    const serial = createKeyedSerializer();
    const failed = serial('k', async () => {
      throw new Error('boom');
    });
    await expect(failed).rejects.toThrow('boom');
    await expect(serial('k', async () => 'ok')).resolves.toBe('ok');
  });
});
