import { afterEach, describe, expect, it } from 'vitest';
import { HINT_TEXT } from '../../src/channels/lark/process-event.js';
import { buildDelivery, challengeEvent, larkEncrypt, larkSign } from '../fakes/lark/build-delivery.js';
import { loadEncryptVectors } from '../fixtures/lark/load-fixture.js';
import { ENCRYPT_KEY, type Harness, startLarkHarness, USER, VERIFY_TOKEN } from './harness.js';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const replies = () => h.fake.messages.filter((m) => m.replyTo);
const sends = () => h.fake.calls.filter((c) => c.path.includes('/im/v1/messages'));

describe('Lark webhook: URL verification', () => {
  it('answers a plain challenge at once (no encrypt key)', async () => {
    h = await startLarkHarness({ engine: 'scripted', encryptKey: null });
    const res = await h.deliver(challengeEvent('1b6aef1a-401f-406a-be41-f48911eabcef', VERIFY_TOKEN));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: '1b6aef1a-401f-406a-be41-f48911eabcef' });
    expect(h.logger.lines.some((l) => l.level === 'warn' && l.msg.includes('NOT authenticated'))).toBe(true);
  });

  it("answers the SDK's encrypted challenge vector (unsigned, as Lark sends URL checks)", async () => {
    const v = loadEncryptVectors().find((x) => x.key === 'mazhe.nerd')!;
    h = await startLarkHarness({
      engine: 'scripted',
      encryptKey: v.key,
      verificationToken: 'iRdCP2WwXNBXRM3mGLqhrgch3cn0gbT6',
    });
    const res = await h.post(JSON.stringify({ encrypt: v.encrypt }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: '5634b122-c042-4634-bc7f-b07a3c3e77ad' });
  });

  it('refuses a challenge with the wrong token', async () => {
    h = await startLarkHarness({ engine: 'scripted' });
    const res = await h.deliver(challengeEvent('c', 'not-the-token'), { unsigned: true });
    expect(res.status).toBe(403);
  });
});

describe('Lark webhook: messages', () => {
  it('p2p text: acks with 200 {}, then replies once with a card to that message', async () => {
    h = await startLarkHarness();
    const ev = h.message({ eventId: 'ev-p2p-1', text: '紫管眼霜跟隔壁那款比咋样' });
    const res = await h.deliver(ev);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
    await h.channel.idle();
    const mid = (ev.event as { message: { message_id: string } }).message.message_id;
    const [reply] = h.fake.repliesTo(mid);
    expect(h.fake.repliesTo(mid)).toHaveLength(1);
    expect(reply!.msgType).toBe('interactive');
    // The real engine's comparison, rendered as a card: title, sections, sources, votes.
    const card = JSON.stringify(reply!.content);
    expect(card).toContain('"schema":"2.0"');
    expect(card).toMatch(/"header":\{"title":\{"tag":"plain_text","content":"[^"]*紫管[^"]*对比/);
    expect(card).toContain('对比要点');
    expect(card).toContain('来源：');
    expect(card).toContain('"action":"vote"');
    expect(h.handled[0]).toMatchObject({
      channel: 'lark',
      chatType: 'p2p',
      userId: USER,
      addressedToBot: true,
      messageId: mid,
    });
    // Every call carried the tenant token obtained first.
    expect(h.fake.calls[0]!.path).toBe('/open-apis/auth/v3/tenant_access_token/internal');
    expect(sends().every((c) => c.auth === 'Bearer t-fake0001')).toBe(true);
  });

  it('group: answered only when the bot is @mentioned; the @bot key is stripped, others become @Name', async () => {
    h = await startLarkHarness();
    await h.channel.start?.();
    const bot = h.fake.botOpenId;
    const plain = h.message({
      eventId: 'ev-g-1',
      chatType: 'group',
      chatId: 'oc_group1',
      text: '@_user_1 你好',
      mentions: [{ key: '@_user_1', openId: 'ou_other', name: 'Tom' }],
    });
    const toBot = h.message({
      eventId: 'ev-g-2',
      chatType: 'group',
      chatId: 'oc_group1',
      text: '@_user_1 帮 @_user_2 看看小蓝罐适合敏感肌吗',
      mentions: [
        { key: '@_user_1', openId: bot, name: '导购助手' },
        { key: '@_user_2', openId: 'ou_other', name: 'Tom' },
      ],
    });
    expect((await h.deliver(plain)).status).toBe(200);
    expect((await h.deliver(toBot)).status).toBe(200);
    await h.channel.idle();
    expect(h.handled.map((m) => m.text)).toEqual(['帮 @Tom 看看小蓝罐适合敏感肌吗']);
    expect(replies()).toHaveLength(1);
    expect(replies()[0]!.chatId).toBe('oc_group1');
  });

  it('post messages are read; images get a short polite note; own messages are ignored', async () => {
    h = await startLarkHarness();
    await h.channel.start?.();
    const post = h.message({
      eventId: 'ev-post',
      messageType: 'post',
      content: {
        title: '咨询',
        content: [
          [
            { tag: 'text', text: '敏感肌能用' },
            { tag: 'text', text: '这款精华吗' },
          ],
        ],
      },
    });
    const image = h.message({ eventId: 'ev-img', messageType: 'image', content: { image_key: 'img_v2_x' } });
    const own = h.message({ eventId: 'ev-own', text: '我是机器人', senderType: 'app', senderOpenId: h.fake.botOpenId });
    for (const ev of [post, image, own]) expect((await h.deliver(ev)).status).toBe(200);
    await h.channel.idle();
    expect(h.handled.map((m) => m.text)).toEqual(['咨询\n敏感肌能用这款精华吗']);
    const imageId = (image.event as { message: { message_id: string } }).message.message_id;
    expect(h.fake.repliesTo(imageId).map((m) => m.content)).toEqual([{ text: HINT_TEXT.unsupported }]);
    expect(replies()).toHaveLength(2);
  });

  it('a retried delivery (same event_id) is acked and ignored', async () => {
    h = await startLarkHarness();
    const ev = h.message({ eventId: 'ev-retry', text: '问一下' });
    expect((await h.deliver(ev)).status).toBe(200);
    h.clock.advance(15_000); // Lark's first re-push
    const again = await h.deliver(ev);
    expect(again.status).toBe(200);
    await h.channel.idle();
    expect(h.handled).toHaveLength(1);
    expect(replies()).toHaveLength(1);
  });

  it('acks an unknown event type and does nothing', async () => {
    h = await startLarkHarness({ engine: 'scripted' });
    const res = await h.deliver({
      schema: '2.0',
      header: { event_id: 'ev-u', event_type: 'im.chat.member.bot.added_v1', token: VERIFY_TOKEN },
      event: {},
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
    await h.channel.idle();
    expect(h.handled).toHaveLength(0);
    expect(sends()).toHaveLength(0);
  });
});

describe('Lark webhook: refusals are 4xx and do nothing', () => {
  async function expectRefused(res: Response, status: number, code: string) {
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual({ error: code });
    await h.channel.idle();
    expect(h.handled).toHaveLength(0);
    expect(h.fake.calls).toHaveLength(0);
    expect(await h.services.inbox.claimStale('lark', h.clock.now() + 1, 1, 10)).toEqual([]);
  }

  it('forged signature', async () => {
    h = await startLarkHarness({ engine: 'scripted' });
    const d = buildDelivery(h.message({ eventId: 'ev-f', text: 'x' }), {
      encryptKey: ENCRYPT_KEY,
      timestampSec: Math.floor(h.clock.now() / 1000),
    });
    d.headers['x-lark-signature'] = larkSign(
      d.headers['x-lark-request-timestamp']!,
      'other-nonce',
      ENCRYPT_KEY,
      d.body,
    );
    await expectRefused(await h.post(d.body, d.headers), 401, 'LARK_BAD_SIGNATURE');
  });

  it('signed with another key', async () => {
    h = await startLarkHarness({ engine: 'scripted' });
    const d = buildDelivery(h.message({ eventId: 'ev-k', text: 'x' }), {
      encryptKey: 'attacker-key',
      timestampSec: Math.floor(h.clock.now() / 1000),
    });
    await expectRefused(await h.post(d.body, d.headers), 401, 'LARK_BAD_SIGNATURE');
  });

  it('stale timestamp (replay older than 5 minutes)', async () => {
    h = await startLarkHarness({ engine: 'scripted' });
    const res = await h.deliver(h.message({ eventId: 'ev-s', text: 'x' }), {
      timestampSec: Math.floor(h.clock.now() / 1000) - 301,
    });
    await expectRefused(res, 401, 'LARK_STALE_TIMESTAMP');
  });

  it('future timestamp', async () => {
    h = await startLarkHarness({ engine: 'scripted' });
    const res = await h.deliver(h.message({ eventId: 'ev-fu', text: 'x' }), {
      timestampSec: Math.floor(h.clock.now() / 1000) + 301,
    });
    await expectRefused(res, 401, 'LARK_STALE_TIMESTAMP');
  });

  it('wrong verification token inside a correctly signed body', async () => {
    h = await startLarkHarness({ engine: 'scripted' });
    const ev = h.message({ eventId: 'ev-t', text: 'x', token: 'wrong-token' });
    await expectRefused(await h.deliver(ev), 403, 'LARK_BAD_TOKEN');
  });

  it('tampered ciphertext: refused by the signature, and refused by decryption when re-signed', async () => {
    h = await startLarkHarness({ engine: 'scripted' });
    const d = buildDelivery(h.message({ eventId: 'ev-c', text: 'x' }), {
      encryptKey: ENCRYPT_KEY,
      timestampSec: Math.floor(h.clock.now() / 1000),
    });
    const { encrypt } = JSON.parse(d.body) as { encrypt: string };
    const bytes = Buffer.from(encrypt, 'base64');
    bytes[bytes.length - 1]! ^= 0x01;
    const tampered = JSON.stringify({ encrypt: bytes.toString('base64') });
    await expectRefused(await h.post(tampered, d.headers), 401, 'LARK_BAD_SIGNATURE');
    const ts = d.headers['x-lark-request-timestamp']!;
    const resigned = {
      ...d.headers,
      'x-lark-signature': larkSign(ts, d.headers['x-lark-request-nonce']!, ENCRYPT_KEY, tampered),
    };
    await expectRefused(await h.post(tampered, resigned), 400, 'LARK_DECRYPT_FAILED');
  });

  it('non-JSON body, and encrypted non-JSON', async () => {
    h = await startLarkHarness({ engine: 'scripted' });
    await expectRefused(await h.post('not json at all'), 400, 'LARK_BAD_JSON');
    const body = JSON.stringify({ encrypt: larkEncrypt('<xml>nope</xml>', ENCRYPT_KEY) });
    const ts = String(Math.floor(h.clock.now() / 1000));
    const headers = {
      'x-lark-request-timestamp': ts,
      'x-lark-request-nonce': 'n',
      'x-lark-signature': larkSign(ts, 'n', ENCRYPT_KEY, body),
    };
    await expectRefused(await h.post(body, headers), 400, 'LARK_BAD_JSON');
  });

  it('2 MB body', async () => {
    h = await startLarkHarness({ engine: 'scripted' });
    const big = JSON.stringify({ encrypt: 'A'.repeat(2 * 1024 * 1024) });
    await expectRefused(await h.post(big), 413, 'LARK_BODY_TOO_LARGE');
  });
});
