import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';

let rt: TestRuntime;
beforeAll(async () => {
  rt = await createTestRuntime();
});
afterAll(async () => {
  await rt.close();
});

// biome-ignore lint/suspicious/noExplicitAny: JSON bodies are asserted field by field.
type Json = any;
const json = async (res: Response): Promise<Json> => res.json();

const post = (body: unknown, headers: Record<string, string> = {}) =>
  rt.http.request('/api/chat', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('HTTP surface', () => {
  it('serves health and the Chinese chat page', async () => {
    const h = await rt.http.request('/health');
    expect(h.status).toBe(200);
    expect(await json(h)).toMatchObject({ ok: true, mode: 'structured' });
    const page = await rt.http.request('/');
    expect(await page.text()).toMatch(/导购助手/);
  });

  it('answers POST /api/chat with the CLI JSON fields', async () => {
    const res = await post({ user: 'u1', text: '蓝桶洗衣液冷水能洗干净吗' });
    expect(res.status).toBe(200);
    const j = await json(res);
    expect(Object.keys(j).sort()).toEqual([
      'answer',
      'declined',
      'intent',
      'latency_ms',
      'mode',
      'products',
      'sources',
      'truncated',
    ]);
    expect(j.products).toEqual(['hc-lowtemp-detergent']);
    expect(j.sources[0]).toMatchObject({ id: 'hc-lowtemp-detergent', type: 'product' });
  });

  it('keeps context for the same user across requests', async () => {
    await post({ user: 'ctx-user', text: '紫管眼霜多少钱' });
    const j = await json(await post({ user: 'ctx-user', text: '它孕妇能用吗' }));
    expect(j.products).toEqual(['sk-purple-eye']);
  });

  it('turns bad input into clear 4xx errors and odd input into a polite reply', async () => {
    expect((await post({ user: 'u', text: '   ' })).status).toBe(400);
    expect((await post('{not json')).status).toBe(400);
    expect((await post({ text: 'hi' })).status).toBe(400);
    const long = await post({ user: 'u', text: `紫管眼霜${'很'.repeat(9990)}` });
    expect(long.status).toBe(200);
    expect((await json(long)).truncated).toBe(true);
    const emoji = await json(await post({ user: 'u', text: '😀😀😀' }));
    expect(emoji.declined).toBe(true);
    expect(emoji.answer).toMatch(/可以这样问我/);
  });

  it('requires CHAT_TOKEN when bound beyond loopback', async () => {
    expect(() => loadConfig({ HOST: '0.0.0.0' })).toThrow(ConfigError);
    expect(() => loadConfig({ HOST: '0.0.0.0' })).toThrow(/CHAT_TOKEN/);
    const guarded = await createTestRuntime({ env: { HOST: '0.0.0.0', CHAT_TOKEN: 'secret-token' } });
    const body = JSON.stringify({ user: 'u', text: '小金罐多少钱' });
    const headers = { 'content-type': 'application/json' };
    expect((await guarded.http.request('/api/chat', { method: 'POST', headers, body })).status).toBe(401);
    const ok = await guarded.http.request('/api/chat', {
      method: 'POST',
      headers: { ...headers, authorization: 'Bearer secret-token' },
      body,
    });
    expect(ok.status).toBe(200);
    await guarded.close();
  });
});

describe('config', () => {
  it('stops with one line naming the wrong variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(
      /^Invalid environment variable PORT \("eighty"\): must be an integer$/,
    );
    expect(() => loadConfig({ LLM_TIMEOUT_MS: '-5' })).toThrow(/LLM_TIMEOUT_MS/);
    expect(() => loadConfig({ OPENAI_BASE_URL: 'not a url' })).toThrow(/OPENAI_BASE_URL/);
    expect(() => loadConfig({ LLM_MODEL: 'gpt' })).toThrow(/OPENAI_BASE_URL/);
    const c = loadConfig({});
    expect(c.PORT).toBe(8787);
    expect(c.HOST).toBe('127.0.0.1');
    expect(c.LARK_DOMAIN).toBe('https://open.feishu.cn');
    expect(c.llmEnabled).toBe(false);
  });
});
