import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createAnswerLlm } from '../../src/core/llm-deadline.js';
import type { Llm } from '../../src/ports/llm.js';

/** A model that never answers and ignores abort signals. */
const deaf: Llm = {
  model: 'deaf',
  complete: () => new Promise(() => {}),
  structured: () => new Promise(() => {}),
  async *stream() {
    await new Promise(() => {});
  },
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('one LLM time budget per answer', () => {
  it('calls share the budget: the second gets only what the first left, then nothing', async () => {
    const { llm, dispose } = createAnswerLlm(deaf, 300);
    const t0 = performance.now();
    await expect(llm.structured([], z.object({}), 'x')).rejects.toMatchObject({ code: 'LLM_DEADLINE' });
    await expect(llm.complete([])).rejects.toMatchObject({ code: 'LLM_DEADLINE' });
    const it = llm.stream([])[Symbol.asyncIterator]();
    await expect(it.next()).rejects.toMatchObject({ code: 'LLM_DEADLINE' });
    expect(performance.now() - t0).toBeLessThan(450);
    dispose();
  });

  it('a call the caller abandons is charged for the time it ran', async () => {
    const { llm, dispose } = createAnswerLlm(deaf, 300);
    const ac = new AbortController();
    const first = llm.complete([], { signal: ac.signal });
    first.catch(() => undefined);
    await sleep(200);
    ac.abort(new Error('caller gave up'));
    await expect(first).rejects.toThrow('caller gave up');
    const t0 = performance.now();
    await expect(llm.complete([])).rejects.toMatchObject({ code: 'LLM_DEADLINE' });
    expect(performance.now() - t0).toBeLessThan(200);
    dispose();
  });

  it('time between calls (retrieval) is not charged; after dispose every call fails at once', async () => {
    const quick: Llm = { ...deaf, complete: async () => 'ok' };
    const { llm, dispose } = createAnswerLlm(quick, 100);
    expect(await llm.complete([])).toBe('ok');
    await sleep(150);
    expect(await llm.complete([])).toBe('ok');
    dispose();
    await expect(llm.complete([])).rejects.toMatchObject({ code: 'LLM_DEADLINE' });
  });
});
