import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyDemoPack } from '../helpers/copy-pack.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';

const ADMIN = 'admin-secret-token-123';
let rt: TestRuntime;
let pack: string;

const chat = async (text: string, user = 'loop-user') => {
  const res = await rt.http.request('/api/chat', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user, text }),
  });
  return (await res.json()) as { answer: string; sources: { id: string; type: string }[]; declined: boolean };
};
const postAnswer = (body: unknown, token = ADMIN) =>
  rt.http.request('/api/answers', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });

beforeAll(async () => {
  pack = copyDemoPack();
  rt = await createTestRuntime({ packDir: pack, env: { ADMIN_TOKEN: ADMIN } });
});
afterAll(async () => rt.close());

describe('knowledge loop: curated answers', () => {
  it('records declined questions as gaps, grouped by what they ask (admin only)', async () => {
    expect((await chat('停车可以免费吗')).declined).toBe(true);
    expect((await chat('顾客问停车能免费吗？')).declined).toBe(true);
    expect((await chat('可以开发票吗')).declined).toBe(true);
    expect((await rt.http.request('/api/gaps')).status).toBe(401);
    const res = await rt.http.request('/api/gaps', { headers: { authorization: `Bearer ${ADMIN}` } });
    expect(res.status).toBe(200);
    const { gaps } = (await res.json()) as { gaps: { question: string; count: number; questions: string[] }[] };
    const parking = gaps.find((g) => g.questions.includes('停车可以免费吗'));
    expect(parking?.count).toBe(2);
    expect(gaps.find((g) => g.question === '可以开发票吗')?.count).toBe(1);
  });

  it('POST /api/answers writes a faq document, indexed at once; paraphrases and typos are answered from it', async () => {
    expect((await postAnswer({ question: '停车可以免费吗', answer: 'x' }, 'wrong')).status).toBe(401);
    const res = await postAnswer({
      question: '停车可以免费吗',
      answer: '购物满 200 元凭小票免费停车 2 小时，在收银台登记车牌。',
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    expect(id).toMatch(/^faq-[a-z0-9-]+$/);
    const file = readFileSync(join(pack, 'faq', `${id}.md`), 'utf8');
    expect(file).toMatch(/^---\n/);
    expect(file).toMatch(/type: faq/);
    expect(file).toMatch(/question: 停车可以免费吗/);
    expect(file).toMatch(/author: 管理员/);
    for (const q of ['停车可以免费吗', '顾客问停车能免费吗', '停车可以免废吗']) {
      const j = await chat(q);
      expect(j.declined, q).toBe(false);
      expect(j.answer).toMatch(/免费停车 2 小时/);
      expect(j.sources[0]).toEqual({ id, type: 'faq', section: '回答' });
    }
    // A different question still goes to the engine.
    expect((await chat('停车场在哪')).sources.some((s) => s.id === id)).toBe(false);
    const counts = await rt.services.curatedStats?.counts();
    expect(counts?.get(id)?.count).toBe(3);
    // The gap now shows the curated answer that covers it.
    const gaps = (await (
      await rt.http.request('/api/gaps', { headers: { authorization: `Bearer ${ADMIN}` } })
    ).json()) as { gaps: { question: string; answeredBy?: string }[] };
    expect(gaps.gaps.find((g) => g.question.includes('停车'))?.answeredBy).toBe(id);
  });

  it('refuses a curated answer with Advertising-Law findings and writes nothing', async () => {
    const res = await postAnswer({ question: '积分能抵现吗', answer: '能，这是全网最低价，100%划算' });
    expect(res.status).toBe(422);
    const j = (await res.json()) as { error: string; findings: { term: string }[] };
    expect(j.error).toBe('ad_law');
    expect(j.findings.map((f) => f.term)).toEqual(expect.arrayContaining(['全网最低', '100%']));
    expect((await chat('积分能抵现吗')).sources.some((s) => s.type === 'faq')).toBe(false);
  });

  it('validates the body and the product', async () => {
    expect((await postAnswer({ question: '', answer: 'a' })).status).toBe(400);
    expect((await postAnswer({ question: '这个能用吗', answer: '能', product_id: 'no-such-product' })).status).toBe(
      400,
    );
  });
});
