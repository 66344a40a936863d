import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDelivery, messageEvent } from '../fakes/lark/build-delivery.js';
import { type FakeLark, startFakeLark } from '../fakes/lark/fake-lark.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';
import { WORKER_QUESTIONS } from './questions.js';
import { startWranglerDev, type WranglerDev } from './start-wrangler-dev.js';

// The documented command line, end to end: wrangler dev in workerd with a local D1, the
// project's own knowledge/ compiled by [build], and the fake Lark Open API on 127.0.0.1.

const APP_ID = 'cli_worker_test_app';
const APP_SECRET = 'worker-app-secret';
const ENCRYPT_KEY = 'worker-encrypt-key';
const VERIFY_TOKEN = 'worker-verification-token';
const ADMIN = 'worker-admin-token';

// biome-ignore lint/suspicious/noExplicitAny: JSON bodies are asserted field by field.
type Json = any;

let fake: FakeLark;
let dev: WranglerDev;
let node: TestRuntime;

beforeAll(async () => {
  fake = await startFakeLark({ appId: APP_ID, appSecret: APP_SECRET });
  [dev, node] = await Promise.all([
    startWranglerDev({
      LARK_APP_ID: APP_ID,
      LARK_APP_SECRET: APP_SECRET,
      LARK_ENCRYPT_KEY: ENCRYPT_KEY,
      LARK_VERIFICATION_TOKEN: VERIFY_TOKEN,
      LARK_DOMAIN: fake.url,
      ADMIN_TOKEN: ADMIN,
    }),
    createTestRuntime(),
  ]);
}, 180_000);

afterAll(async () => {
  await dev?.stop();
  await fake?.close();
  await node?.close();
});

const chat = async (base: string, user: string, text: string): Promise<Json> => {
  const res = await fetch(`${base}/api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user, text }),
  });
  expect(res.status).toBe(200);
  return res.json();
};

describe('npx wrangler dev --local', () => {
  it('serves /health on the project’s knowledge pack after a measured cold start', async () => {
    const t0 = performance.now();
    const res = await fetch(`${dev.url}/health`);
    const coldMs = performance.now() - t0;
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, documents: node.knowledge.kb.all().length, mode: 'structured' });
    const t1 = performance.now();
    await fetch(`${dev.url}/health`);
    const warmMs = performance.now() - t1;
    const ready = /\{[^\n]*"msg":"daogou worker ready"[^\n]*\}/.exec(dev.output())?.[0];
    const imported = /"importMs":(\d+)/.exec(dev.output())?.[1];
    const stages = ready ? JSON.stringify(JSON.parse(ready).startupMs) : 'n/a';
    process.stderr.write(
      `worker cold start ${coldMs.toFixed(0)} ms (module import ${imported} ms, stages ${stages}), warm /health ${warmMs.toFixed(0)} ms\n`,
    );
  });

  it('answers /api/chat with the same top source, intent and products as Node', async () => {
    const timings: number[] = [];
    for (const [i, q] of WORKER_QUESTIONS.entries()) {
      const t0 = performance.now();
      const w = await chat(dev.url, `cmp-${i}`, q);
      timings.push(performance.now() - t0);
      const res = await node.http.request('/api/chat', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user: `cmp-${i}`, text: q }),
      });
      const n: Json = await res.json();
      expect({ q, intent: w.intent, top: w.sources[0], products: w.products, declined: w.declined }).toEqual({
        q,
        intent: n.intent,
        top: n.sources[0],
        products: n.products,
        declined: n.declined,
      });
      expect(w.answer, q).toBe(n.answer);
    }
    timings.sort((a, b) => a - b);
    process.stderr.write(
      `worker /api/chat over HTTP: median ${timings[Math.floor(timings.length / 2)]?.toFixed(0)} ms, max ${timings.at(-1)?.toFixed(0)} ms\n`,
    );
  });

  it('verifies, dedupes and acks Lark webhooks fast, then answers through the Open API', async () => {
    const messageId = 'om_worker_msg_000001';
    const chatId = 'oc_worker_chat_1';
    fake.seedMessage(messageId, chatId);
    const event = messageEvent({
      eventId: 'ev_worker_000001',
      token: VERIFY_TOKEN,
      messageId,
      chatId,
      chatType: 'p2p',
      senderOpenId: 'ou_84aad35d084aa403a838cf73ee18467',
      text: '紫管眼霜多少钱',
    });
    const post = (ts = Math.floor(Date.now() / 1000)) => {
      const { body, headers } = buildDelivery(event, { encryptKey: ENCRYPT_KEY, timestampSec: ts });
      return fetch(`${dev.url}/webhooks/lark`, { method: 'POST', body, headers });
    };
    const t0 = performance.now();
    const first = await post();
    const ackMs = performance.now() - t0;
    expect(first.status).toBe(200);
    // A re-push of the same event (Lark retries) is acknowledged and not answered again.
    expect((await post()).status).toBe(200);
    // A stale signature is refused without effect.
    expect((await post(Math.floor(Date.now() / 1000) - 3600)).status).toBe(401);
    const deadline = Date.now() + 15_000;
    while (fake.repliesTo(messageId).length === 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    const replies = fake.repliesTo(messageId);
    expect(replies).toHaveLength(1);
    expect(JSON.stringify(replies[0]?.content)).toMatch(/268/);
    await new Promise((r) => setTimeout(r, 500));
    expect(fake.repliesTo(messageId)).toHaveLength(1);
    process.stderr.write(`worker Lark ack ${ackMs.toFixed(0)} ms\n`);
  });

  it('answers the URL check and refuses a bad signature', async () => {
    const bad = buildDelivery(
      { type: 'url_verification', challenge: 'c1', token: VERIFY_TOKEN },
      {
        encryptKey: ENCRYPT_KEY,
        timestampSec: Math.floor(Date.now() / 1000),
      },
    );
    bad.headers['x-lark-signature'] = '0'.repeat(64);
    const res = await fetch(`${dev.url}/webhooks/lark`, { method: 'POST', body: bad.body, headers: bad.headers });
    expect(res.status).toBe(401);
    const ok = buildDelivery(
      { type: 'url_verification', challenge: 'c2', token: VERIFY_TOKEN },
      {
        encryptKey: ENCRYPT_KEY,
        timestampSec: Math.floor(Date.now() / 1000),
        unsigned: true,
      },
    );
    const check = await fetch(`${dev.url}/webhooks/lark`, { method: 'POST', body: ok.body, headers: ok.headers });
    expect(await check.json()).toEqual({ challenge: 'c2' });
  });

  it('serves GET /api/tickets with the admin bearer token, and files tickets in D1', async () => {
    expect((await fetch(`${dev.url}/api/tickets`)).status).toBe(401);
    const filed = await chat(dev.url, 'ticket-user', '反馈：王女士说面霜用了三天脸发红');
    expect(filed.intent).toBe('feedback_report');
    const res = await fetch(`${dev.url}/api/tickets`, { headers: { authorization: `Bearer ${ADMIN}` } });
    expect(res.status).toBe(200);
    const body: Json = await res.json();
    expect(body.tickets.length).toBeGreaterThanOrEqual(1);
  });

  it('runs the cron trigger (replays, due timers, outbox)', async () => {
    const res = await fetch(`${dev.url}/cdn-cgi/handler/scheduled?cron=*+*+*+*+*`);
    expect(res.status).toBe(200);
  });
});
