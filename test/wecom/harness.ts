import { encrypt, getSignature } from '@wecom/crypto';
import type { Hono } from 'hono';
import type { Db } from '../../src/adapters/db/create-db.js';
import { createWecomChannel, type WecomChannel } from '../../src/channels/wecom/create-wecom-channel.js';
import type { MemberRateLimit } from '../../src/channels/wecom/create-wecom-client.js';
import type { Assistant } from '../../src/core/assistant.js';
import { createHttpApp } from '../../src/http/create-http-app.js';
import { createManualClock } from '../../src/ports/clock.js';
import { type FakeWecom, startFakeWecom } from '../fakes/wecom/fake-wecom-api.js';
import { createEngineAssistant, type TestAssistant } from '../fakes/wecom/test-assistant.js';
import type { VectorSet } from '../fixtures/wecom/vectors.js';

export const SECRET = 'test-secret-not-real';
export const AGENT_ID = 1000002;

export type ManualClock = ReturnType<typeof createManualClock>;

/** An assistant backend plus the manual clock it runs on; may be shared by several harnesses. */
export interface Backend extends TestAssistant {
  clock: ManualClock;
}

/** The real engine on the demo pack, on a manual clock. */
export async function createBackend(db?: Db): Promise<Backend> {
  const clock = createManualClock();
  const t = await createEngineAssistant({ clock, ...(db ? { db } : {}) });
  return { ...t, clock };
}

export interface Harness {
  app: Hono;
  channel: WecomChannel;
  fake: FakeWecom;
  t: TestAssistant;
  clock: ManualClock;
  /** Messages the assistant handled since this harness started. */
  handled(): TestAssistant['handled'];
  /** Replies the assistant produced since this harness started. */
  replies(): TestAssistant['replies'];
  /** Inbox rows (wecom) added since this harness started. */
  newInboxRows(): Promise<{ event_id: string; status: string }[]>;
  close(): Promise<void>;
}

/**
 * The whole app (createHttpApp with the WeCom channel mounted at /webhooks/wecom) on real
 * SQLite services, talking to a fresh fake WeCom API, with the clock at `nowS` (epoch
 * seconds). Pass `backend` to share one engine between tests (it is not closed here).
 */
export async function startHarness(
  v: Pick<VectorSet, 'token' | 'aesKey' | 'corpId'>,
  nowS: number,
  opts: {
    backend?: Backend;
    rateLimit?: MemberRateLimit;
    memberLimit?: { max: number; windowMs: number };
    db?: Db;
    wrap?: (a: Assistant) => Assistant;
  } = {},
): Promise<Harness> {
  const t = opts.backend ?? (await createBackend(opts.db));
  const { clock } = t;
  clock.set(nowS * 1000);
  const baseline = { handled: t.handled.length, replies: t.replies.length };
  const existing = new Set((await inboxRows(t)).map((r) => r.event_id));
  const fake = await startFakeWecom({
    corpId: v.corpId,
    secret: SECRET,
    agentId: AGENT_ID,
    ...(opts.memberLimit ? { memberLimit: opts.memberLimit } : {}),
  });
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
    handled: () => t.handled.slice(baseline.handled),
    replies: () => t.replies.slice(baseline.replies),
    newInboxRows: async () => (await inboxRows(t)).filter((r) => !existing.has(r.event_id)),
    async close() {
      await channel.stop?.();
      await fake.close();
      if (!opts.backend && !opts.db) await t.close();
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
export async function inboxRows(t: Pick<TestAssistant, 'db'>): Promise<{ event_id: string; status: string }[]> {
  return t.db.db.selectFrom('inbox_events').select(['event_id', 'status']).where('channel', '=', 'wecom').execute();
}
