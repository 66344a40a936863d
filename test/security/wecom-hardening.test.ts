import { encrypt, getSignature } from '@wecom/crypto';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWecomChannel, type WecomChannel } from '../../src/channels/wecom/create-wecom-channel.js';
import { createHttpApp } from '../../src/http/create-http-app.js';
import { type FakeWecom, startFakeWecom } from '../fakes/wecom/fake-wecom-api.js';
import { VECTOR_A } from '../fixtures/wecom/vectors.js';
import { createMemoryLogger } from '../lark/harness.js';
import { type Backend, createBackend, SECRET, signedCallback, textXml } from '../wecom/harness.js';

/** Issue 10, problems 4 and 5: WeCom refuses garbage with a 4xx, no stack, and stale URL checks. */
const v = VECTOR_A;
const NOW_S = 1_790_000_000;

let backend: Backend;
let fake: FakeWecom;
let channel: WecomChannel;
let app: Hono;
const logger = createMemoryLogger();

beforeAll(async () => {
  backend = await createBackend();
  backend.clock.set(NOW_S * 1000);
  fake = await startFakeWecom({ corpId: v.corpId, secret: SECRET, agentId: 1000002 });
  channel = createWecomChannel({
    settings: {
      corpId: v.corpId,
      agentId: '1000002',
      secret: SECRET,
      token: v.token,
      aesKey: v.aesKey,
      apiBase: fake.url,
    },
    assistant: backend.assistant,
    logger,
  });
  app = createHttpApp({ assistant: backend.assistant, channels: [channel] });
});
afterAll(async () => {
  await channel.stop?.();
  await fake.close();
  await backend.close();
});

const post = (path: string, body: string) =>
  Promise.resolve(app.request(path, { method: 'POST', body, headers: { 'content-type': 'text/xml' } }));
const nested = (depth: number) => `<xml>${'<a>'.repeat(depth)}x${'</a>'.repeat(depth)}</xml>`;
const unsignedPath = `/webhooks/wecom?msg_signature=${'0'.repeat(40)}&timestamp=${NOW_S}&nonce=1`;

function expectNoStack(): void {
  for (const line of logger.lines) {
    expect(line.level).not.toBe('error');
    expect(JSON.stringify(line.obj)).not.toMatch(/"stack"|\n\s+at /);
  }
}

describe('WeCom callbacks from anyone without the token', () => {
  it('prototype keys, deep nesting, junk and a missing <Encrypt>, unsigned: 4xx, nothing stored, no stack logged', async () => {
    const bodies = [
      '<xml><__proto__>x</__proto__></xml>',
      '<xml><constructor><prototype>x</prototype></constructor></xml>',
      nested(101),
      nested(5000),
      `<xml><Encrypt><![CDATA[${'A'.repeat(100)}]]></Encrypt>${nested(200)}`,
      '<xml><Encrypt><__proto__>x</__proto__></Encrypt></xml>',
      '<!DOCTYPE x [<!ENTITY a "b">]><xml>&a;</xml>',
      '\u0000\uffff<xml',
    ];
    for (const body of bodies) {
      const res = await post(unsignedPath, body);
      expect(res.status, body.slice(0, 40)).toBeGreaterThanOrEqual(400);
      expect(res.status, body.slice(0, 40)).toBeLessThan(500);
    }
    await channel.idle();
    expect(backend.handled).toHaveLength(0);
    expectNoStack();
  });

  it('a validly signed ciphertext whose inner XML is hostile is a 400 as well', async () => {
    for (const inner of ['<xml><__proto__>x</__proto__></xml>', nested(101), 'not xml at all']) {
      const enc = encrypt(v.aesKey, inner, v.corpId);
      const sig = getSignature(v.token, String(NOW_S), '42', enc);
      const res = await post(
        `/webhooks/wecom?msg_signature=${sig}&timestamp=${NOW_S}&nonce=42`,
        `<xml><Encrypt><![CDATA[${enc}]]></Encrypt></xml>`,
      );
      expect(res.status).toBe(400);
    }
    expectNoStack();
  });

  it('a valid message still goes through', async () => {
    const req = signedCallback(v, textXml(v.corpId, 'zhangsan', '紫管眼霜多少钱', '8800000000000000001', NOW_S), NOW_S);
    expect((await post(req.path, req.body)).status).toBe(200);
    await channel.idle();
    expect(backend.handled.map((m) => m.text)).toEqual(['紫管眼霜多少钱']);
  });
});

describe('WeCom URL verification (GET) has the same ±300 s window as messages', () => {
  const verify = (ts: number) => {
    const echostr = encrypt(v.aesKey, 'echo-12345', v.corpId);
    const sig = getSignature(v.token, String(ts), '7', echostr);
    return app.request(
      `/webhooks/wecom?msg_signature=${sig}&timestamp=${ts}&nonce=7&echostr=${encodeURIComponent(echostr)}`,
    );
  };

  it('a validly signed check 30 days old is refused (401) and reveals nothing', async () => {
    const res = await verify(NOW_S - 30 * 86_400);
    expect(res.status).toBe(401);
    expect(await res.text()).toBe('');
    expect((await verify(NOW_S + 301)).status).toBe(401);
  });

  it('a fresh one answers the decrypted echostr', async () => {
    const res = await verify(NOW_S - 120);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('echo-12345');
  });
});
