import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { utf8Bytes } from '../../src/channels/split-text.js';
import type { Assistant } from '../../src/core/assistant.js';
import { FIRST_SCREEN_CHARS, foldPlainText, MORE_HINT, MORE_MARKER } from '../../src/core/render-text.js';
import { VECTOR_A, VECTOR_B, VECTOR_B_ECHOSTR_ON_URL, type VectorSet } from '../fixtures/wecom/vectors.js';
import { type Backend, createBackend, type Harness, post, signedCallback, startHarness, textXml } from './harness.js';

const vectorText = readFileSync(new URL('../fixtures/wecom/wecom-callback-test-vectors.txt', import.meta.url), 'utf8');

/** One real engine (demo pack) shared by the file; each test gets its own fake WeCom API and channel. */
let backend: Backend;
beforeAll(async () => {
  backend = await createBackend();
});
afterAll(async () => {
  await backend.close();
});

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Drops the 【更多】 line, so the reply is sent whole (as an LLM-composed answer is). */
const withoutFold = (text: string) =>
  text
    .split('\n')
    .filter((l) => !l.startsWith(MORE_MARKER))
    .join('\n');
const unfolded = (a: Assistant): Assistant => ({
  services: a.services,
  async handle(m, o) {
    const r = await a.handle(m, o);
    return r && { ...r, text: withoutFold(r.text) };
  },
});

const start: typeof startHarness = (v, nowS, opts = {}) => startHarness(v, nowS, { backend, ...opts });

/** Asserts a refused callback left no trace: nothing stored, nothing asked, nothing sent. */
async function expectNothingHappened(x: Harness): Promise<void> {
  await x.channel.idle();
  expect(await x.newInboxRows()).toEqual([]);
  expect(x.handled()).toEqual([]);
  expect(x.fake.sendAttempts).toEqual([]);
}

describe('official WeCom test vectors', () => {
  it('fixture constants appear verbatim in the copied official file', () => {
    for (const v of [VECTOR_A, VECTOR_B]) {
      for (const s of [
        v.token,
        v.aesKey,
        v.corpId,
        ...Object.values(v.verify),
        v.post.msgSignature,
        v.post.timestamp,
        v.post.nonce,
      ]) {
        expect(vectorText).toContain(s);
      }
      expect(vectorText).toContain(v.post.body.replaceAll('\n', '\\n'));
      expect(vectorText).toContain(`<MsgId>${v.post.msgId}</MsgId>`);
    }
    expect(vectorText).toContain(VECTOR_B_ECHOSTR_ON_URL);
  });

  for (const v of [VECTOR_A, VECTOR_B] as VectorSet[]) {
    it(`GET URL verification answers the decrypted echostr exactly — vector ${v.name}`, async () => {
      h = await start(v, Number(v.verify.timestamp));
      const echostr = v === VECTOR_B ? VECTOR_B_ECHOSTR_ON_URL : encodeURIComponent(v.verify.echostr);
      const res = await h.app.request(
        `/webhooks/wecom?msg_signature=${v.verify.msgSignature}&timestamp=${v.verify.timestamp}&nonce=${v.verify.nonce}&echostr=${echostr}`,
      );
      expect(res.status).toBe(200);
      expect(await res.text()).toBe(v.verify.plain);
    });

    it(`POST official message is acked with an empty 200 and answered via message/send — vector ${v.name}`, async () => {
      h = await start(v, Number(v.post.timestamp));
      const res = await post(h.app, {
        path: `/webhooks/wecom?msg_signature=${v.post.msgSignature}&timestamp=${v.post.timestamp}&nonce=${v.post.nonce}`,
        body: v.post.body,
      });
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('');
      await h.channel.idle();
      expect(h.handled()).toHaveLength(1);
      expect(h.handled()[0]).toMatchObject({
        channel: 'wecom',
        eventId: v.post.msgId,
        userId: v.post.from,
        chatId: v.post.from,
        chatType: 'p2p',
        text: v.post.content,
        sentAt: Number(v.post.timestamp) * 1000,
      });
      // The member gets the first screen of the canonical plain-text rendering of the engine's reply.
      const [reply] = h.replies();
      expect(reply?.text).toBeTruthy();
      expect(h.fake.sent).toHaveLength(1);
      expect(h.fake.sent[0]).toMatchObject({
        touser: v.post.from,
        agentid: 1000002,
        content: foldPlainText(reply!.text).first,
      });
      expect(await h.newInboxRows()).toEqual([{ event_id: v.post.msgId, status: 'done' }]);
    });
  }

  it('GET with a forged signature is 401', async () => {
    const v = VECTOR_A;
    h = await start(v, Number(v.verify.timestamp));
    const forged = v.verify.msgSignature.replace(/^0/, '1');
    const res = await h.app.request(
      `/webhooks/wecom?msg_signature=${forged}&timestamp=${v.verify.timestamp}&nonce=${v.verify.nonce}&echostr=${encodeURIComponent(v.verify.echostr)}`,
    );
    expect(res.status).toBe(401);
    expect(await res.text()).toBe('');
  });

  it('GET whose echostr was encrypted for another corp is 403', async () => {
    h = await start({ ...VECTOR_A, corpId: 'ww_other_corp' }, Number(VECTOR_A.verify.timestamp));
    const v = VECTOR_A.verify;
    const res = await h.app.request(
      `/webhooks/wecom?msg_signature=${v.msgSignature}&timestamp=${v.timestamp}&nonce=${v.nonce}&echostr=${encodeURIComponent(v.echostr)}`,
    );
    expect(res.status).toBe(403);
  });

  it('GET missing a parameter is 400', async () => {
    h = await start(VECTOR_A, Number(VECTOR_A.verify.timestamp));
    const res = await h.app.request(`/webhooks/wecom?timestamp=1&nonce=2&echostr=abc`);
    expect(res.status).toBe(400);
  });
});

describe('POST /webhooks/wecom refusals (4xx, no side effect)', () => {
  const v = VECTOR_A;
  const now = 1_790_000_000;
  const inner = textXml(v.corpId, 'zhangsan', '这款手表续航多久', '7001', now);

  it('forged signature → 401', async () => {
    h = await start(v, now);
    const req = signedCallback(v, inner, now);
    const res = await post(h.app, { ...req, path: req.path.replace(/msg_signature=[0-9a-f]/, 'msg_signature=x') });
    expect(res.status).toBe(401);
    await expectNothingHappened(h);
  });

  it('signature made with another token → 401', async () => {
    h = await start(v, now);
    const res = await post(h.app, signedCallback({ ...v, token: 'attacker-token' }, inner, now));
    expect(res.status).toBe(401);
    await expectNothingHappened(h);
  });

  it('stale timestamp (more than 300 s old) → 401, fresh within 300 s → 200', async () => {
    h = await start(v, now + 301);
    expect((await post(h.app, signedCallback(v, inner, now))).status).toBe(401);
    await expectNothingHappened(h);
    h.clock.set((now + 299) * 1000);
    expect((await post(h.app, signedCallback(v, inner, now))).status).toBe(200);
  });

  it('timestamp in the future beyond 300 s → 401', async () => {
    h = await start(v, now);
    expect((await post(h.app, signedCallback(v, inner, now + 600))).status).toBe(401);
    await expectNothingHappened(h);
  });

  it('correctly signed ciphertext for another corp id → 403', async () => {
    h = await start(v, now);
    const res = await post(h.app, signedCallback(v, inner, now, { receiveId: 'ww_someone_else' }));
    expect(res.status).toBe(403);
    await expectNothingHappened(h);
  });

  it('tampered ciphertext (re-signed) → 4xx', async () => {
    h = await start(v, now);
    for (const mutate of [
      (enc: string) => enc.slice(0, 20) + (enc[20] === 'A' ? 'B' : 'A') + enc.slice(21),
      (enc: string) => enc.slice(0, -8),
      (enc: string) => `${enc.slice(0, 44)}${enc.slice(88)}`,
    ]) {
      const res = await post(h.app, signedCallback(v, inner, now, { mutate }));
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
    await expectNothingHappened(h);
  });

  it('tampered ciphertext without re-signing → 401', async () => {
    h = await start(v, now);
    const req = signedCallback(v, inner, now);
    const res = await post(h.app, { ...req, body: req.body.replace('<Encrypt><![CDATA[', '<Encrypt><![CDATA[x') });
    expect(res.status).toBe(401);
    await expectNothingHappened(h);
  });

  it('non-XML body → 400', async () => {
    h = await start(v, now);
    const req = signedCallback(v, inner, now);
    for (const body of ['{"Encrypt":"abc"}', 'hello', '']) {
      expect((await post(h.app, { ...req, body })).status).toBe(400);
    }
    // Only the signed <Encrypt> value is read before the signature check; the rest is never parsed.
    expect((await post(h.app, { ...req, body: '<xml><Encrypt>abc</Encrypt>' })).status).toBe(401);
    await expectNothingHappened(h);
  });

  it('huge body → 413', async () => {
    h = await start(v, now);
    const req = signedCallback(v, inner, now);
    const res = await post(h.app, { ...req, body: `<xml><Encrypt>${'A'.repeat(2_000_000)}</Encrypt></xml>` });
    expect(res.status).toBe(413);
    await expectNothingHappened(h);
  });

  it('XML entity bomb in the envelope → 400', async () => {
    h = await start(v, now);
    const req = signedCallback(v, inner, now);
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><xml><Encrypt>&lol3;</Encrypt></xml>`;
    expect((await post(h.app, { ...req, body: bomb })).status).toBe(400);
    await expectNothingHappened(h);
  });

  it('XML entity declaration inside a validly signed, encrypted message → 400', async () => {
    h = await start(v, now);
    const evil = `<!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]>${textXml(v.corpId, 'zhangsan', '&x;', '7002', now)}`;
    expect((await post(h.app, signedCallback(v, evil, now))).status).toBe(400);
    await expectNothingHappened(h);
  });

  it('decrypted plaintext that is not XML → 400', async () => {
    h = await start(v, now);
    expect((await post(h.app, signedCallback(v, 'not xml at all', now))).status).toBe(400);
    await expectNothingHappened(h);
  });

  it('missing query parameters → 400', async () => {
    h = await start(v, now);
    const req = signedCallback(v, inner, now);
    const res = await post(h.app, { ...req, path: req.path.replace(/&nonce=\d+/, '') });
    expect(res.status).toBe(400);
    await expectNothingHappened(h);
  });
});

describe('POST /webhooks/wecom delivery', () => {
  const v = VECTOR_A;
  const now = 1_790_000_000;

  it('WeCom retries of the same MsgId (sequential and concurrent) are acked but answered once', async () => {
    h = await start(v, now);
    const req = signedCallback(v, textXml(v.corpId, 'lisi', '不粘锅煎蛋要放油吗', '8001', now), now);
    const first = await Promise.all([post(h.app, req), post(h.app, req), post(h.app, req)]);
    expect(first.map((r) => r.status)).toEqual([200, 200, 200]);
    await h.channel.idle();
    h.clock.advance(5000);
    const again = await post(h.app, req);
    expect(again.status).toBe(200);
    expect(await again.text()).toBe('');
    await h.channel.idle();
    expect(h.handled()).toHaveLength(1);
    expect(h.fake.sent).toHaveLength(1);
    expect(h.fake.sent[0]!.content).toContain('来源：kt-nonstick-pan');
    expect(await h.newInboxRows()).toEqual([{ event_id: '8001', status: 'done' }]);
  });

  it('a long answer shows its first screen with 回复 1 看更多, and 1 sends the rest', async () => {
    h = await start(v, now);
    await post(h.app, signedCallback(v, textXml(v.corpId, 'wangwu', '顾客说包装破了要退货', '8101', now), now));
    await h.channel.idle();
    const [reply] = h.replies();
    const { first, more } = foldPlainText(reply!.text);
    expect(more).toBeTruthy();
    expect(h.fake.sent.map((m) => m.content)).toEqual([first]);
    expect(first).toContain(MORE_HINT);
    expect(Array.from(first.split(MORE_HINT)[0] ?? '').length).toBeLessThanOrEqual(FIRST_SCREEN_CHARS + 1);
    h.clock.advance(3000);
    await post(h.app, signedCallback(v, textXml(v.corpId, 'wangwu', '1', '8102', now + 3), now + 3));
    await h.channel.idle();
    expect(h.fake.sent.map((m) => m.content)).toEqual([first, more]);
    // The rest is sent once; another 1 is an ordinary message again.
    h.clock.advance(3000);
    await post(h.app, signedCallback(v, textXml(v.corpId, 'wangwu', '1', '8103', now + 6), now + 6));
    await h.channel.idle();
    expect(h.fake.sent).toHaveLength(3);
    expect(h.fake.sent[2]!.content).not.toBe(more);
  });

  it('acks before processing finishes (slow assistant still gets a fast empty 200)', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    h = await start(v, now, {
      wrap: (a) => ({
        services: a.services,
        handle: async (m, o) => {
          await gate;
          return a.handle(m, o);
        },
      }),
    });
    const started = performance.now();
    const res = await post(h.app, signedCallback(v, textXml(v.corpId, 'wangwu', '会不会起球', '8002', now), now));
    const ackMs = performance.now() - started;
    expect(res.status).toBe(200);
    expect(ackMs).toBeLessThan(1000);
    expect(await h.newInboxRows()).toEqual([{ event_id: '8002', status: 'pending' }]);
    expect(h.fake.sent).toHaveLength(0);
    release();
    await h.channel.idle();
    expect(h.fake.sent).toHaveLength(1);
  });

  it('events are deduped by FromUserName + CreateTime and not answered', async () => {
    h = await start(v, now);
    const ev = `<xml><ToUserName><![CDATA[${v.corpId}]]></ToUserName><FromUserName><![CDATA[zhaoliu]]></FromUserName><CreateTime>${now}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[enter_agent]]></Event><EventKey><![CDATA[]]></EventKey><AgentID>1000002</AgentID></xml>`;
    expect((await post(h.app, signedCallback(v, ev, now))).status).toBe(200);
    expect((await post(h.app, signedCallback(v, ev, now, { nonce: '99' }))).status).toBe(200);
    await h.channel.idle();
    expect(await h.newInboxRows()).toEqual([{ event_id: `zhaoliu:${now}`, status: 'done' }]);
    expect(h.handled()).toEqual([]);
    expect(h.fake.sent).toEqual([]);
  });

  it('a non-text message gets a short hint instead of an answer', async () => {
    h = await start(v, now);
    const img = `<xml><ToUserName><![CDATA[${v.corpId}]]></ToUserName><FromUserName><![CDATA[zhaoliu]]></FromUserName><CreateTime>${now}</CreateTime><MsgType><![CDATA[image]]></MsgType><PicUrl><![CDATA[http://example.invalid/p.jpg]]></PicUrl><MediaId><![CDATA[m1]]></MediaId><MsgId>8003</MsgId><AgentID>1000002</AgentID></xml>`;
    expect((await post(h.app, signedCallback(v, img, now))).status).toBe(200);
    await h.channel.idle();
    expect(h.handled()).toEqual([]);
    expect(h.fake.sent.map((m) => m.content)).toEqual(['目前只能看懂文字消息，请直接打字提问哦。']);
  });

  it('a feedback report in plain text files a ticket and is acknowledged', async () => {
    h = await start(v, now);
    const req = signedCallback(
      v,
      textXml(v.corpId, 'fb-user', '反馈：王女士说蓝罐面霜用了三天脸发红', '8004', now),
      now,
    );
    expect((await post(h.app, req)).status).toBe(200);
    await h.channel.idle();
    expect(h.replies()[0]).toMatchObject({ intent: 'feedback_report' });
    expect(h.fake.sent).toHaveLength(1);
    expect(h.fake.sent[0]!.content).toMatch(/已登记反馈 #\d+/);
    const logged = await h.t.services.crm.listInteractions({ userId: 'fb-user' });
    expect(logged.map((r) => [r.channel, r.kind, r.intent])).toEqual([['wecom', 'feedback', 'feedback_report']]);
  });

  it('a long answer arrives as numbered parts of at most 2048 bytes each, cut at lines, in order', async () => {
    h = await start(v, now, { wrap: unfolded });
    // The complaint playbook answer on the demo pack, unfolded (as an LLM-composed answer is), is longer than one WeCom message.
    const req = signedCallback(v, textXml(v.corpId, 'long-user', '顾客说包装破了要退货', '8005', now), now);
    expect((await post(h.app, req)).status).toBe(200);
    await h.channel.idle();
    const full = withoutFold(h.replies()[0]!.text);
    expect(utf8Bytes(full)).toBeGreaterThan(2048);
    const parts = h.fake.sent.map((m) => m.content);
    expect(parts.length).toBeGreaterThanOrEqual(2);
    parts.forEach((p, i) => {
      expect(utf8Bytes(p)).toBeLessThanOrEqual(2048);
      expect(p.startsWith(`（${i + 1}/${parts.length}）`)).toBe(true);
    });
    expect(parts[0]).toContain('【包装破损退货】');
    expect(parts.at(-1)).toMatch(/来源：pb-damaged-package/);
    const lines = parts.flatMap((p) => p.replace(/^（\d+\/\d+）/, '').split('\n'));
    expect(lines).toEqual(full.split('\n'));
  });

  it('two long answers to the same member arrive one after the other, parts never interleaved', async () => {
    h = await start(v, now, { wrap: unfolded });
    await Promise.all([
      post(h.app, signedCallback(v, textXml(v.corpId, 'twice', '顾客说包装破了要退货', '8006', now), now)),
      post(h.app, signedCallback(v, textXml(v.corpId, 'twice', '顾客投诉快递把包装压破了', '8007', now), now)),
    ]);
    await h.channel.idle();
    const labels = h.fake.sent.map((m): [number, number] => {
      const l = /^（(\d+)\/(\d+)）/.exec(m.content);
      return l ? [Number(l[1]), Number(l[2])] : [1, 1];
    });
    expect(labels.length).toBeGreaterThanOrEqual(4);
    // Each reply's parts run 1..n without another reply's part in between.
    let expected = 1;
    for (const [i, n] of labels) {
      expect(i).toBe(expected);
      expected = i === n ? 1 : i + 1;
    }
    expect(expected).toBe(1);
  });
});
