import { createServer } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { LlmError } from '../../src/adapters/llm/llm-error.js';
import { createOpenAiLlm } from '../../src/adapters/llm/openai-llm.js';
import { INTENTS } from '../../src/core/reply.js';
import type { ChatMessage } from '../../src/ports/llm.js';
import { type FakeOpenAi, startFakeOpenAi } from '../fakes/openai/create-fake-openai.js';

const ask: ChatMessage[] = [
  { role: 'system', content: '你是导购助手。' },
  { role: 'user', content: 'HS1 多重？' },
];
const schema = z.object({ intent: z.enum(INTENTS) });

let fake: FakeOpenAi;
const llm = (over: Partial<Parameters<typeof createOpenAiLlm>[0]> = {}) =>
  createOpenAiLlm({
    baseURL: fake.baseURL,
    apiKey: fake.apiKey,
    model: 'fake-chat',
    timeoutMs: 2000,
    maxRetries: 0,
    ...over,
  });

async function failure(p: Promise<unknown> | (() => Promise<unknown>)): Promise<LlmError> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (err) {
    expect(err).toBeInstanceOf(LlmError);
    return err as LlmError;
  }
  throw new Error('expected the call to fail');
}

async function drain(it: AsyncIterable<string>, seen: string[] = []): Promise<string[]> {
  for await (const d of it) seen.push(d);
  return seen;
}

beforeAll(async () => {
  fake = await startFakeOpenAi({ reply: () => 'HS1 重约 320g，功率 1600W。' });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

describe('createOpenAiLlm against the fake OpenAI server', () => {
  it('complete() sends model, messages and the bearer key, and returns the text', async () => {
    const text = await llm().complete(ask, { temperature: 0.2 });
    expect(text).toBe('HS1 重约 320g，功率 1600W。');
    const [req] = fake.requests;
    expect(req?.headers.authorization).toBe(`Bearer ${fake.apiKey}`);
    expect(fake.chatBodies()[0]).toMatchObject({ model: 'fake-chat', messages: ask, temperature: 0.2 });
  });

  it('stream() yields several deltas that add up to the answer', async () => {
    const deltas = await drain(llm().stream(ask));
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.join('')).toBe('HS1 重约 320g，功率 1600W。');
    expect(fake.chatBodies()[0]?.stream).toBe(true);
  });

  it('structured() asks for json_schema built from the zod schema and validates the answer', async () => {
    fake.setReply(() => '{"intent":"complaint"}');
    await expect(llm().structured(ask, schema, 'intent result', {})).resolves.toEqual({ intent: 'complaint' });
    const rf = fake.chatBodies()[0]?.response_format;
    expect(rf?.type).toBe('json_schema');
    expect(rf?.json_schema?.name).toBe('intent_result');
    expect(rf?.json_schema?.strict).toBe(true);
    const js = rf?.json_schema?.schema as Record<string, unknown> & { properties: { intent: { enum: string[] } } };
    expect(js.$schema).toBeUndefined();
    expect(js.properties.intent.enum).toEqual([...INTENTS]);
  });

  it('structured() falls back to json_object once the server rejects json_schema, and remembers it', async () => {
    fake.setReply(() => '```json\n{"intent":"command"}\n```');
    fake.behave('reject-json-schema');
    const model = llm();
    await expect(model.structured(ask, schema, 'intent')).resolves.toEqual({ intent: 'command' });
    const [first, second] = fake.chatBodies();
    expect(first?.response_format?.type).toBe('json_schema');
    expect(second?.response_format?.type).toBe('json_object');
    expect(JSON.stringify(second?.messages)).toMatch(/JSON/);
    await model.structured(ask, schema, 'intent');
    expect(fake.chatBodies()).toHaveLength(3);
    expect(fake.chatBodies()[2]?.response_format?.type).toBe('json_object');
  });

  it('structured() throws LLM_INVALID_OUTPUT for non-JSON and for JSON outside the schema', async () => {
    fake.behave('bad-json');
    expect((await failure(llm().structured(ask, schema, 'intent'))).code).toBe('LLM_INVALID_OUTPUT');
    fake.setReply(() => '{"intent":"shopping"}');
    const err = await failure(llm().structured(ask, schema, 'intent'));
    expect(err.code).toBe('LLM_INVALID_OUTPUT');
    expect(err.message).toContain('intent');
  });

  it('a wrong key gives LLM_AUTH (401, not retried); an unknown model LLM_NOT_FOUND', async () => {
    const err = await failure(llm({ apiKey: 'sk-wrong-key-1234', maxRetries: 2 }).complete(ask));
    expect(err.code).toBe('LLM_AUTH');
    expect(err.status).toBe(401);
    expect(fake.requests).toHaveLength(1);
    expect((await failure(llm({ model: 'gpt-nope' }).complete(ask))).code).toBe('LLM_NOT_FOUND');
  });

  it('500 with retries disabled fails after one request; one 500 is retried when retries are allowed', async () => {
    fake.behave('500');
    const err = await failure(llm().complete(ask));
    expect([err.code, err.status]).toEqual(['LLM_HTTP', 500]);
    expect(fake.requests).toHaveLength(1);
    fake.reset();
    fake.behave({ mode: '500', times: 1 });
    await expect(llm({ maxRetries: 1 }).complete(ask)).resolves.toContain('320g');
    expect(fake.requests).toHaveLength(2);
  });

  it('a slow server gives LLM_TIMEOUT within the bound, retries included', async () => {
    fake.behave({ mode: 'slow', delayMs: 3000 });
    const t0 = Date.now();
    expect((await failure(llm({ timeoutMs: 250, maxRetries: 2 }).complete(ask))).code).toBe('LLM_TIMEOUT');
    expect(Date.now() - t0).toBeLessThan(1500);
  });

  it('a stream slower than the bound throws LLM_TIMEOUT after the first deltas', async () => {
    fake.setReply(() => '一二三四五六七八九十'.repeat(5));
    fake.setStreaming({ chunkChars: 2, chunkDelayMs: 60 });
    const seen: string[] = [];
    const err = await failure(() => drain(llm({ timeoutMs: 400 }).stream(ask), seen));
    expect(err.code).toBe('LLM_TIMEOUT');
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.join('').length).toBeLessThan(50);
  });

  it("the caller's signal aborts the call with LLM_ABORTED", async () => {
    fake.behave({ mode: 'slow', delayMs: 3000 });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    expect((await failure(llm().complete(ask, { signal: ac.signal }))).code).toBe('LLM_ABORTED');
  });

  it('garbage bodies are LLM_BAD_RESPONSE, streamed or not', async () => {
    fake.behave('garbage');
    expect((await failure(llm().complete(ask))).code).toBe('LLM_BAD_RESPONSE');
    fake.behave('garbage');
    expect((await failure(() => drain(llm().stream(ask)))).code).toBe('LLM_BAD_RESPONSE');
  });

  it('a connection cut mid-stream or mid-body throws instead of returning a truncated answer', async () => {
    fake.behave('midstream-error');
    const seen: string[] = [];
    const err = await failure(() => drain(llm().stream(ask), seen));
    expect(['LLM_STREAM_TRUNCATED', 'LLM_BAD_RESPONSE', 'LLM_UNREACHABLE']).toContain(err.code);
    expect(seen.join('')).not.toBe('HS1 重约 320g，功率 1600W。');
    fake.behave('midstream-error');
    await failure(llm().complete(ask));
  });

  it('a stream that ends without a finish_reason or [DONE] is LLM_STREAM_TRUNCATED', async () => {
    fake.behave('truncated-stream');
    const seen: string[] = [];
    expect((await failure(() => drain(llm().stream(ask), seen))).code).toBe('LLM_STREAM_TRUNCATED');
    expect(seen.length).toBe(2);
  });

  it('an unreachable server gives LLM_UNREACHABLE', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const dead = createOpenAiLlm({
      baseURL: `http://127.0.0.1:${port}/v1`,
      model: 'x',
      timeoutMs: 1000,
      maxRetries: 0,
    });
    expect((await failure(dead.complete(ask))).code).toBe('LLM_UNREACHABLE');
  });
});
