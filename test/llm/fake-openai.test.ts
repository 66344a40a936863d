import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeOpenAi, startFakeOpenAi } from '../fakes/openai/create-fake-openai.js';
import { fakeVector } from '../fakes/openai/fake-vectors.js';

let fake: FakeOpenAi;
const post = (path: string, body: unknown, key: string | null = fake.apiKey) =>
  fetch(`${fake.baseURL}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify(body),
  });
interface ErrorEnvelope {
  error: { message: string; type: string; param: string | null; code: string | null };
}
interface Completion {
  id: string;
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}
interface EmbeddingList {
  data: { index: number; embedding: number[] }[];
}
interface Base64List {
  data: { index: number; embedding: string }[];
}
const json = <T>(res: Response) => res.json() as Promise<T>;
const chat = { model: 'fake-chat', messages: [{ role: 'user', content: '你好' }] };

beforeAll(async () => {
  fake = await startFakeOpenAi({ reply: () => '你好，我是导购助手。' });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

/** The fake must follow the documented protocol, or the adapter tests prove nothing. */
describe('fake OpenAI-compatible server', () => {
  it('requires a bearer key and answers 401 with an OpenAI error envelope', async () => {
    const none = await post('/chat/completions', chat, null);
    expect(none.status).toBe(401);
    expect((await json<ErrorEnvelope>(none)).error).toMatchObject({ type: 'invalid_request_error', param: null });
    const wrong = await post('/chat/completions', chat, 'sk-wrong-key-9999');
    expect(wrong.status).toBe(401);
    expect((await json<ErrorEnvelope>(wrong)).error.code).toBe('invalid_api_key');
  });

  it('answers 404 model_not_found for an unknown model and 404 for an unknown route', async () => {
    const res = await post('/chat/completions', { ...chat, model: 'gpt-x' });
    expect(res.status).toBe(404);
    expect((await json<ErrorEnvelope>(res)).error.code).toBe('model_not_found');
    expect((await post('/completions', chat)).status).toBe(404);
  });

  it('rejects malformed requests like the real API', async () => {
    expect((await post('/chat/completions', { model: 'fake-chat', messages: [] })).status).toBe(400);
    const noJsonWord = await post('/chat/completions', { ...chat, response_format: { type: 'json_object' } });
    expect(noJsonWord.status).toBe(400);
    expect((await json<ErrorEnvelope>(noJsonWord)).error.message).toContain("word 'json'");
    const badName = { type: 'json_schema', json_schema: { name: 'a b', schema: {} } };
    expect((await post('/chat/completions', { ...chat, response_format: badName })).status).toBe(400);
  });

  it('gives every completion a unique id and the documented shape', async () => {
    const a = await json<Completion>(await post('/chat/completions', chat));
    const b = await json<Completion>(await post('/chat/completions', chat));
    expect(a.id).not.toBe(b.id);
    expect(a).toMatchObject({
      object: 'chat.completion',
      model: 'fake-chat',
      choices: [{ index: 0, message: { role: 'assistant', content: '你好，我是导购助手。' }, finish_reason: 'stop' }],
    });
    expect(a.usage.total_tokens).toBe(a.usage.prompt_tokens + a.usage.completion_tokens);
  });

  it('streams SSE chunks with delta.content, a finish_reason, usage on request, then [DONE]', async () => {
    const res = await post('/chat/completions', { ...chat, stream: true, stream_options: { include_usage: true } });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = (await res.text()).split('\n\n').filter(Boolean);
    expect(events.every((e) => e.startsWith('data: '))).toBe(true);
    expect(events.at(-1)).toBe('data: [DONE]');
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e.slice(6)));
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
    const text = chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('');
    expect(text).toBe('你好，我是导购助手。');
    expect(chunks.filter((c) => c.choices[0]?.finish_reason === 'stop')).toHaveLength(1);
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { completion_tokens: 10 } });
  });

  it('serves embeddings as floats or as base64 Float32 little-endian', async () => {
    const floats = await json<EmbeddingList>(
      await post('/embeddings', { model: 'fake-embed', input: ['面霜', '奶瓶'] }),
    );
    expect(floats.data.map((d) => d.index)).toEqual([0, 1]);
    expect(floats.data[0]?.embedding).toEqual(fakeVector('面霜', 64));
    const b64 = await json<Base64List>(
      await post('/embeddings', { model: 'fake-embed', input: '面霜', encoding_format: 'base64' }),
    );
    const buf = Buffer.from(b64.data[0]?.embedding ?? '', 'base64');
    const decoded = Array.from({ length: buf.length / 4 }, (_, i) => buf.readFloatLE(i * 4));
    for (const [i, x] of decoded.entries()) expect(x).toBeCloseTo(floats.data[0]?.embedding[i] ?? Number.NaN, 6);
    expect((await post('/embeddings', { model: 'fake-embed', input: [] })).status).toBe(400);
  });

  it('plays 500, garbage and times-limited behaviour, recording every request', async () => {
    fake.behave({ mode: '500', times: 1 });
    expect((await post('/chat/completions', chat)).status).toBe(500);
    expect((await post('/chat/completions', chat)).status).toBe(200);
    fake.behave('garbage');
    const g = await post('/chat/completions', chat);
    await expect(g.json()).rejects.toThrow();
    expect(fake.requests.map((r) => r.path)).toEqual(Array(3).fill('/v1/chat/completions'));
  });
});
