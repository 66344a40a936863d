import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { loadLarkFixture } from '../../fixtures/lark/load-fixture.js';

/**
 * Builds webhook deliveries exactly as Lark sends them: the official sample payloads with
 * fields overridden, encrypted (AES-256-CBC, key sha256(encrypt_key), random IV prefixed,
 * base64) and signed (hex sha256 of timestamp + nonce + encrypt_key + raw body). Written
 * from the platform notes, independently of src/, so the tests check the implementation.
 */

export interface Delivery {
  body: string;
  headers: Record<string, string>;
}

export function larkEncrypt(plaintext: string, encryptKey: string, iv: Buffer = randomBytes(16)): string {
  const key = createHash('sha256').update(encryptKey).digest();
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([iv, cipher.update(plaintext, 'utf8'), cipher.final()]).toString('base64');
}

export function larkSign(timestamp: string, nonce: string, encryptKey: string, body: string): string {
  return createHash('sha256')
    .update(timestamp + nonce + encryptKey + body)
    .digest('hex');
}

export interface DeliverOptions {
  /** Encrypt and sign with this key (as Lark does once an Encrypt Key is configured). */
  encryptKey?: string;
  /** X-Lark-Request-Timestamp, epoch seconds. */
  timestampSec: number;
  nonce?: string;
  /** Leave out the signature headers (URL checks carry none). */
  unsigned?: boolean;
}

/** One delivery of `payload`; plain JSON when no key is given. */
export function buildDelivery(payload: unknown, opts: DeliverOptions): Delivery {
  const plain = JSON.stringify(payload);
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (!opts.encryptKey) return { body: plain, headers };
  const body = JSON.stringify({ encrypt: larkEncrypt(plain, opts.encryptKey) });
  if (!opts.unsigned) {
    const ts = String(opts.timestampSec);
    const nonce = opts.nonce ?? randomBytes(8).toString('hex');
    headers['x-lark-request-timestamp'] = ts;
    headers['x-lark-request-nonce'] = nonce;
    headers['x-lark-signature'] = larkSign(ts, nonce, opts.encryptKey, body);
  }
  return { body, headers };
}

export interface MessageEventOptions {
  eventId: string;
  token: string;
  messageId: string;
  chatId: string;
  chatType: 'p2p' | 'group';
  senderOpenId: string;
  /** Text with `@_user_N` placeholders; ignored when `content` is given. */
  text?: string;
  messageType?: string;
  /** The raw message content object (serialised into the `content` string). */
  content?: unknown;
  mentions?: { key: string; openId: string; name: string }[];
  senderType?: 'user' | 'app';
  createTimeMs?: number;
}

/** An im.message.receive_v1 envelope: the official sample with these fields set. */
export function messageEvent(o: MessageEventOptions): Record<string, unknown> {
  const sample = loadLarkFixture<{
    header: Record<string, unknown>;
    event: { sender: Record<string, unknown>; message: Record<string, unknown> };
  }>('im.message.receive_v1.jsonc');
  sample.header.event_id = o.eventId;
  sample.header.token = o.token;
  sample.header.create_time = String(o.createTimeMs ?? Date.now());
  sample.event.sender.sender_id = { union_id: `on_${o.senderOpenId.slice(3)}`, user_id: 'u1', open_id: o.senderOpenId };
  sample.event.sender.sender_type = o.senderType ?? 'user';
  const msg = sample.event.message;
  msg.message_id = o.messageId;
  msg.chat_id = o.chatId;
  msg.chat_type = o.chatType;
  msg.message_type = o.messageType ?? 'text';
  msg.create_time = String(o.createTimeMs ?? Date.now());
  msg.content = JSON.stringify(o.content ?? { text: o.text ?? '' });
  msg.mentions = (o.mentions ?? []).map((m) => ({
    key: m.key,
    id: { union_id: `on_${m.openId.slice(3)}`, user_id: '', open_id: m.openId },
    mentioned_type: m.openId.startsWith('ou_bot') ? 'bot' : 'user',
    name: m.name,
    tenant_key: '736588c9260f175e',
  }));
  if (o.chatType === 'p2p') {
    delete msg.root_id;
    delete msg.parent_id;
    delete msg.thread_id;
  }
  return sample;
}

/** A card.action.trigger callback: the official sample with these fields set. */
export function cardActionEvent(o: {
  eventId: string;
  token: string;
  operatorOpenId: string;
  value: unknown;
  messageId: string;
  chatId: string;
}): Record<string, unknown> {
  const sample = loadLarkFixture<{ header: Record<string, unknown>; event: Record<string, Record<string, unknown>> }>(
    'card.action.trigger.jsonc',
  );
  sample.header.event_id = o.eventId;
  sample.header.token = o.token;
  sample.event.operator!.open_id = o.operatorOpenId;
  sample.event.action = { value: o.value, tag: 'button', name: 'vote_up' };
  sample.event.host = 'im_message' as never;
  delete sample.event.delivery_type;
  sample.event.context = { open_message_id: o.messageId, open_chat_id: o.chatId };
  return sample;
}

/** A url_verification request: the official sample with this challenge and token. */
export function challengeEvent(challenge: string, token: string): Record<string, unknown> {
  return { ...loadLarkFixture('url_verification.jsonc'), challenge, token };
}
