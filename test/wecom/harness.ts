import { encrypt, getSignature } from '@wecom/crypto';
import type { Hono } from 'hono';
import type { Db } from '../../src/adapters/db/create-db.js';
import { createWecomChannel, type WecomChannel } from '../../src/channels/wecom/create-wecom-channel.js';
import type { MemberRateLimit } from '../../src/channels/wecom/create-wecom-client.js';
import type { Assistant } from '../../src/core/assistant.js';
import { createHttpApp } from '../../src/http/create-http-app.js';
import { createManualClock } from '../../src/ports/clock.js';
import { type FakeWecom, startFakeWecom } from '../fakes/wecom/fake-wecom-api.js';
import { createTestAssistant, type TestAssistant } from '../fakes/wecom/test-assistant.js';
import type { VectorSet } from '../fixtures/wecom/vectors.js';

export const SECRET = 'test-secret-not-real';
export const AGENT_ID = 1000002;

export interface Harness {
  app: Hono;
  channel: WecomChannel;
  fake: FakeWecom;
  t: TestAssistant;
  clock: ReturnType<typeof createManualClock>;
  close(): Promise<void>;
}

/**
 * The whole app (createHttpApp with the WeCom channel mounted at /webhooks/wecom) on real
 * SQLite services, talking to a fake WeCom API, with the clock at `nowS` (epoch seconds).
 */
export async function startHarness(
  v: Pick<VectorSet, 'token' | 'aesKey' | 'corpId'>,
  nowS: number,
  opts: {
    rateLimit?: MemberRateLimit;
    memberLimit?: { max: number; windowMs: number };
    db?: Db;
    wrap?: (a: Assistant) => Assistant;
  } = {},
): Promise<Harness> {
  const clock = createManualClock(nowS * 1000);
  const fake = await startFakeWecom({
    corpId: v.corpId,
    secret: SECRET,
    agentId: AGENT_ID,
    ...(opts.memberLimit ? { memberLimit: opts.memberLimit } : {}),
  });
  const t = await createTestAssistant({ clock, ...(opts.db ? { db: opts.db } : {}) });
  const assistant = opts.wrap ? opts.wrap(t.assistant) : t.assistant;
  const channel = createWecomChannel({
    settings: {
      corpId: v.corpId,
      agentId: String(AGENT_ID),
      secret: SECRET,
      token: v.token,
      aesKey: v.aesKey,
      apiBase: fake.url,
    },
    assistant,
    retry: { retries: 3, minTimeoutMs: 10, maxTimeoutMs: 50 },
    ...(opts.rateLimit ? { rateLimit: opts.rateLimit } : {}),
  });
  const app = createHttpApp({ assistant, channels: [channel] });
  return {
    app,
    channel,
    fake,
    t,
    clock,
    async close() {
      await channel.stop?.();
      await fake.close();
      if (!opts.db) await t.close();
    },
  };
}

/** Inner plaintext XML of a text message, as WeCom encrypts it. */
export function textXml(corpId: string, from: string, content: string, msgId: string, createTime: number): string {
  return `<xml><ToUserName><![CDATA[${corpId}]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName><CreateTime>${createTime}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content><MsgId>${msgId}</MsgId><AgentID>${AGENT_ID}</AgentID></xml>`;
}

export interface SignedRequest {
  path: string;
  body: string;
}

/**
 * Encrypts `innerXml` for `receiveId` (normally the corp id) and signs it the way WeCom does,
 * returning the callback URL and body. `encryptedOverride` replaces the ciphertext before
 * signing (tampering tests).
 */
export function signedCallback(
  v: Pick<VectorSet, 'token' | 'aesKey' | 'corpId'>,
  innerXml: string,
  timestampS: number,
  opts: { receiveId?: string; nonce?: string; mutate?: (enc: string) => string } = {},
): SignedRequest {
  const nonce = opts.nonce ?? '1372623149';
  let enc = encrypt(v.aesKey, innerXml, opts.receiveId ?? v.corpId);
  if (opts.mutate) enc = opts.mutate(enc);
  const sig = getSignature(v.token, String(timestampS), nonce, enc);
  const q = new URLSearchParams({ msg_signature: sig, timestamp: String(timestampS), nonce });
  return {
    path: `/webhooks/wecom?${q}`,
    body: `<xml><ToUserName><![CDATA[${v.corpId}]]></ToUserName><Encrypt><![CDATA[${enc}]]></Encrypt><AgentID><![CDATA[${AGENT_ID}]]></AgentID></xml>`,
  };
}

export function post(app: Hono, req: SignedRequest): Promise<Response> {
  return Promise.resolve(
    app.request(req.path, { method: 'POST', body: req.body, headers: { 'content-type': 'text/xml' } }),
  );
}

/** Rows of the inbox table for the wecom channel. */
export async function inboxRows(t: TestAssistant): Promise<{ event_id: string; status: string }[]> {
  return t.db.db.selectFrom('inbox_events').select(['event_id', 'status']).where('channel', '=', 'wecom').execute();
}
