import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeOpenAi, startFakeOpenAi } from '../fakes/openai/create-fake-openai.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';

// biome-ignore lint/suspicious/noExplicitAny: JSON bodies are asserted field by field.
type Json = any;

let fake: FakeOpenAi;
let rt: TestRuntime;

/** A model that answers from the first passage it was given and cites it. */
function citeFirstPassage(body: { messages: { role: string; content: string }[]; response_format?: unknown }): string {
  // Structured calls (the intent classifier) ask for JSON.
  if (body.response_format) return JSON.stringify({ intent: 'product_question' });
  const user = body.messages.at(-1)?.content ?? '';
  const id = /<passage[^>]*\bid="([^"]+)"/.exec(user)?.[1] ?? 'none';
  return `根据资料，这款适合日常使用，是店里的第一选择。[${id}]`;
}

beforeAll(async () => {
  fake = await startFakeOpenAi({ reply: citeFirstPassage as never });
  rt = await createTestRuntime({
    env: { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: fake.apiKey, LLM_MODEL: 'fake-chat', LLM_TIMEOUT_MS: '1500' },
  });
});
afterAll(async () => {
  await rt.close();
  await fake.close();
});

const chat = async (text: string): Promise<Json> =>
  (
    await rt.http.request('/api/chat', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: `u-${Math.random()}`, text }),
    })
  ).json();

describe('LLM mode through /api/chat', () => {
  it('answers with the LLM, grounded and cited, softened for the Advertising Law', async () => {
    const j = await chat('不粘锅煎蛋要放油吗');
    expect(j.mode).toBe('llm');
    expect(j.sources[0].id).toBe('kt-nonstick-pan');
    expect(j.answer).not.toMatch(/第一/);
    expect(j.answer).toMatch(/来源/);
  });

  it('falls back to the structured answer on a 500, garbage or a slow model, never an error text', async () => {
    for (const mode of ['500', 'garbage', 'slow'] as const) {
      fake.behave(mode === 'slow' ? { mode, delayMs: 4000 } : mode);
      const started = Date.now();
      const j = await chat('不粘锅煎蛋要放油吗');
      expect(j.mode).toBe('structured');
      expect(j.declined).toBe(false);
      expect(j.answer).toMatch(/煎蛋/);
      expect(Date.now() - started).toBeLessThan(4000);
    }
    fake.behave('ok');
  });

  it('never sends a phone number to the model', async () => {
    await chat('顾客电话13800138000问紫管眼霜孕妇能用吗');
    const bodies = JSON.stringify(fake.requests.map((r) => r.body));
    expect(bodies).not.toContain('13800138000');
  });
});
