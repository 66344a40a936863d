import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeOpenAi, startFakeOpenAi } from '../fakes/openai/create-fake-openai.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';

/** Issue 10, problem 9: one deadline per answer, and a circuit breaker in front of the model. */

// biome-ignore lint/suspicious/noExplicitAny: JSON bodies are asserted field by field.
type Json = any;

// Generous enough for a healthy fake model on a loaded CI machine; the hang is 20 s.
const DEADLINE_MS = 2500;
const COOLDOWN_MS = 1500;
const QUESTION = '不粘锅煎蛋要放油吗';

/** A model that answers from the first passage it was given and cites it. */
function citeFirstPassage(body: { messages: { role: string; content: string }[]; response_format?: unknown }): string {
  if (body.response_format) return JSON.stringify({ intent: 'product_question' });
  const user = body.messages.at(-1)?.content ?? '';
  const id = /<passage[^>]*\bid="([^"]+)"/.exec(user)?.[1] ?? 'none';
  return `根据资料，这款煎蛋可以少放油。[${id}]`;
}

let fake: FakeOpenAi;
let rt: TestRuntime;
beforeAll(async () => {
  fake = await startFakeOpenAi({ reply: citeFirstPassage as never });
  rt = await createTestRuntime({
    env: {
      OPENAI_BASE_URL: fake.baseURL,
      OPENAI_API_KEY: fake.apiKey,
      LLM_MODEL: 'fake-chat',
      LLM_TIMEOUT_MS: String(DEADLINE_MS),
      LLM_BREAKER_FAILURES: '3',
      LLM_BREAKER_COOLDOWN_MS: String(COOLDOWN_MS),
    },
  });
});
afterAll(async () => {
  await rt.close();
  await fake.close();
});

async function ask(text = QUESTION): Promise<{ j: Json; ms: number }> {
  const started = performance.now();
  const res = await rt.http.request('/api/chat', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user: `u-${Math.random()}`, text }),
  });
  expect(res.status).toBe(200);
  return { j: await res.json(), ms: performance.now() - started };
}

const health = async (): Promise<Json> => (await rt.http.request('/health')).json();

describe('a dead LLM never makes answers slow', () => {
  it('answers with the LLM while it is healthy', async () => {
    fake.behave('ok');
    const { j } = await ask();
    expect(j.mode).toBe('llm');
    expect((await health()).llm).toMatchObject({ state: 'closed' });
  });

  it('while the model hangs: structured, cited answers within the one deadline (+1.5 s), then the circuit opens', async () => {
    fake.behave({ mode: 'slow', delayMs: 20_000 });
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const { j, ms } = await ask();
      times.push(ms);
      expect(j.mode).toBe('structured');
      expect(j.declined).toBe(false);
      expect(j.sources.length).toBeGreaterThan(0);
      // Classification and composition share LLM_TIMEOUT_MS: never two timeouts back to back.
      expect(ms).toBeLessThan(DEADLINE_MS + 1500);
    }
    const h = await health();
    expect(h.llm).toMatchObject({ state: 'open', lastFailure: expect.stringMatching(/LLM_/) });

    // Open: the model is not called at all, and answers come at no-LLM speed.
    const before = fake.requests.length;
    for (let i = 0; i < 5; i++) {
      const { j, ms } = await ask();
      expect(j.mode).toBe('structured');
      expect(j.sources.length).toBeGreaterThan(0);
      expect(ms).toBeLessThan(1000);
    }
    expect(fake.requests.length).toBe(before);
  });

  it('a half-open probe after the cool-down closes the circuit once the model is back', async () => {
    fake.behave('ok');
    await new Promise((r) => setTimeout(r, COOLDOWN_MS + 100));
    const { j } = await ask();
    expect(j.mode).toBe('llm');
    expect((await health()).llm).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
  });

  it('a model that fails fast (500) or returns garbage also opens the circuit, answers stay structured', async () => {
    for (const mode of ['500', 'garbage'] as const) {
      fake.behave(mode);
      for (let i = 0; i < 3; i++) {
        const { j, ms } = await ask();
        expect(j.mode).toBe('structured');
        expect(j.sources.length).toBeGreaterThan(0);
        expect(ms).toBeLessThan(DEADLINE_MS + 1500);
      }
      expect((await health()).llm.state).toBe('open');
      fake.behave('ok');
      await new Promise((r) => setTimeout(r, COOLDOWN_MS + 100));
      expect((await ask()).j.mode).toBe('llm');
    }
  });
});
