import { encrypt, getSignature } from '@wecom/crypto';
import { larkEncrypt, larkSign, messageEvent } from '../../test/fakes/lark/build-delivery.js';

/** One request the fuzzer sends. */
export interface FuzzRequest {
  kind: string;
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: Uint8Array | string;
}

export interface FuzzSecrets {
  lark: { encryptKey: string; token: string };
  wecom: { token: string; aesKey: string; corpId: string };
}

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
const int = (r: Rand, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

/** Bytes that are not UTF-8: lone continuation bytes, overlongs, surrogates (CESU-8), 0xFF. */
const BAD_UTF8 = [[0xff, 0xfe], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0x80], [0xf8, 0x88, 0x80, 0x80, 0x80]];

function withBadUtf8(r: Rand, text: string): Uint8Array {
  const bytes = new TextEncoder().encode(text);
  const bad = pick(r, BAD_UTF8);
  const at = int(r, 0, bytes.length);
  return new Uint8Array([...bytes.slice(0, at), ...bad, ...bytes.slice(at)]);
}

const deepJson = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;
const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const deepXml = (depth: number) => `<xml>${'<a>'.repeat(depth)}x${'</a>'.repeat(depth)}</xml>`;
const huge = (r: Rand) => '长'.repeat(pick(r, [1_000, 30_000, 200_000, 2_000_000]));

function flipBytes(r: Rand, text: string): Uint8Array {
  const bytes = new TextEncoder().encode(text);
  for (let i = 0; i < int(r, 1, 8); i++) bytes[int(r, 0, Math.max(0, bytes.length - 1))] = int(r, 0, 255);
  return bytes;
}

/** Hostile or broken JSON values, for any JSON body or for the inside of a signed one. */
function hostileJson(r: Rand, valid: Record<string, unknown>): string | Uint8Array {
  switch (int(r, 0, 9)) {
    case 0:
      return JSON.stringify(valid).slice(0, int(r, 0, 40));
    case 1:
      return deepJson(pick(r, [100, 1_000, 100_000]));
    case 2:
      return deepObject(pick(r, [101, 5_000, 50_000]));
    case 3:
      return `{"__proto__":{"admin":true,"role":"manager"},"constructor":{"prototype":{"x":1}},${JSON.stringify(valid).slice(1)}`;
    case 4:
      return JSON.stringify({ ...valid, pad: huge(r) });
    case 5:
      return withBadUtf8(r, JSON.stringify(valid));
    case 6:
      return flipBytes(r, JSON.stringify(valid));
    case 7:
      return JSON.stringify(
        Object.fromEntries(Object.keys(valid).map((k) => [k, pick(r, [null, 1, [], {}, true, 1e308])])),
      );
    case 8:
      return pick(r, ['', 'null', '[]', '"x"', '\u0000', '{}', 'NaN', '{"a":1,"a":2}']);
    default:
      return JSON.stringify(valid);
  }
}

/** `/api/chat` bodies: valid questions and every kind of broken one. */
export function chatRequest(r: Rand): FuzzRequest {
  const valid = { user: `fuzz-${int(r, 1, 50)}`, text: pick(r, ['紫管眼霜多少钱', '顾客说包装破了要退货', '你好']) };
  const body = hostileJson(r, valid);
  const ct = pick(r, ['application/json', 'application/json', 'text/plain', 'application/x-www-form-urlencoded']);
  return { kind: 'chat', method: 'POST', path: '/api/chat', headers: { 'content-type': ct }, body };
}

/** `/webhooks/lark`: unsigned junk, and validly signed+encrypted envelopes with hostile insides. */
export function larkRequest(r: Rand, s: FuzzSecrets['lark'], n: number, nowS: number): FuzzRequest {
  const envelope = messageEvent({
    eventId: `fuzz-ev-${n}`,
    token: s.token,
    messageId: `om_fuzz${n}`,
    chatId: `oc_fuzz${n % 20}`,
    chatType: 'p2p',
    senderOpenId: 'ou_fuzzuser000000000000000000001',
    text: pick(r, ['小蓝罐适合敏感肌吗', huge(r).slice(0, 3000), '反馈：王女士 13800138000 面霜过敏']),
  });
  const signed = r() < 0.5;
  if (!signed) {
    return {
      kind: 'lark-unsigned',
      method: 'POST',
      path: '/webhooks/lark',
      headers: { 'content-type': 'application/json' },
      body: hostileJson(r, { encrypt: 'QUJD', ...envelope }),
    };
  }
  // The plaintext is hostile; the envelope around it is encrypted and signed as Lark does.
  const plain = hostileJson(r, envelope);
  const plainText = typeof plain === 'string' ? plain : new TextDecoder().decode(plain);
  const body = JSON.stringify({ encrypt: larkEncrypt(plainText, s.encryptKey) });
  const ts = String(r() < 0.1 ? nowS - 3600 : nowS);
  const nonce = String(int(r, 1, 1e9));
  return {
    kind: 'lark-signed',
    method: 'POST',
    path: '/webhooks/lark',
    headers: {
      'content-type': 'application/json',
      'x-lark-request-timestamp': ts,
      'x-lark-request-nonce': nonce,
      'x-lark-signature': larkSign(ts, nonce, s.encryptKey, body),
    },
    body,
  };
}

function hostileXml(r: Rand, valid: string): string | Uint8Array {
  switch (int(r, 0, 9)) {
    case 0:
      return '<xml><__proto__>x</__proto__><constructor>y</constructor></xml>';
    case 1:
      return deepXml(pick(r, [101, 1_000, 50_000]));
    case 2:
      return '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]><xml>&b;</xml>';
    case 3:
      return `<xml><Content>${huge(r)}</Content></xml>`;
    case 4:
      return withBadUtf8(r, valid);
    case 5:
      return flipBytes(r, valid);
    case 6:
      return valid.slice(0, int(r, 0, valid.length));
    case 7:
      return `<xml>${'<MsgId>1</MsgId>'.repeat(int(r, 2, 2000))}</xml>`;
    case 8:
      return pick(r, ['', 'hello', '{"Encrypt":"abc"}', '<xml><Encrypt>abc</Encrypt>', '<xml></xml>']);
    default:
      return valid;
  }
}

/** `/webhooks/wecom`: unsigned junk, validly signed ciphertexts of hostile inner XML, URL checks. */
export function wecomRequest(r: Rand, s: FuzzSecrets['wecom'], n: number, nowS: number): FuzzRequest {
  const inner = `<xml><ToUserName><![CDATA[${s.corpId}]]></ToUserName><FromUserName><![CDATA[fuzz${n % 30}]]></FromUserName><CreateTime>${nowS}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[紫管眼霜多少钱]]></Content><MsgId>${9_000_000_000 + n}</MsgId><AgentID>1000002</AgentID></xml>`;
  const nonce = String(int(r, 1, 1e9));
  const ts = String(r() < 0.1 ? nowS - 30 * 86_400 : nowS);
  const mode = int(r, 0, 9);
  if (mode === 0) {
    const echostr = encrypt(s.aesKey, String(n), s.corpId);
    const sig = getSignature(s.token, ts, nonce, echostr);
    return {
      kind: 'wecom-verify',
      method: 'GET',
      path: `/webhooks/wecom?msg_signature=${sig}&timestamp=${ts}&nonce=${nonce}&echostr=${encodeURIComponent(r() < 0.5 ? echostr : `${echostr}%%`)}`,
      headers: {},
    };
  }
  if (mode < 5) {
    return {
      kind: 'wecom-unsigned',
      method: 'POST',
      path: `/webhooks/wecom?msg_signature=${'0'.repeat(40)}&timestamp=${ts}&nonce=${nonce}`,
      headers: { 'content-type': 'text/xml' },
      body: hostileXml(r, `<xml><Encrypt><![CDATA[${encrypt(s.aesKey, inner, s.corpId)}]]></Encrypt></xml>`),
    };
  }
  const plain = hostileXml(r, inner);
  const enc = encrypt(s.aesKey, typeof plain === 'string' ? plain : new TextDecoder().decode(plain), s.corpId);
  const sig = getSignature(s.token, ts, nonce, enc);
  return {
    kind: 'wecom-signed',
    method: 'POST',
    path: `/webhooks/wecom?msg_signature=${sig}&timestamp=${ts}&nonce=${nonce}`,
    headers: { 'content-type': 'text/xml' },
    body: `<xml><ToUserName><![CDATA[${s.corpId}]]></ToUserName><Encrypt><![CDATA[${enc}]]></Encrypt></xml>`,
  };
}
