import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encrypt, getSignature } from '@wecom/crypto';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/adapters/db/create-db.js';
import type { Database } from '../../src/adapters/db/schema.js';
import { createSqlInbox } from '../../src/adapters/db/sql-inbox.js';
import { buildDelivery, messageEvent } from '../fakes/lark/build-delivery.js';
import { type FakeLark, startFakeLark } from '../fakes/lark/fake-lark.js';
import { type FakeOpenAi, startFakeOpenAi } from '../fakes/openai/create-fake-openai.js';
import { type FakeWecom, startFakeWecom } from '../fakes/wecom/fake-wecom-api.js';
import { VECTOR_A } from '../fixtures/wecom/vectors.js';
import { PROJECT_ROOT } from '../helpers/test-runtime.js';
import { signedCallback, textXml } from '../wecom/harness.js';
import { buildWorkerBundle, type WorkerBundle } from './build-worker-bundle.js';
import { startMiniflare, type WorkerUnderTest } from './start-miniflare.js';

// The bundle `wrangler deploy` ships, run in workerd by Miniflare with an in-memory D1 that
// the test also opens (through the same Kysely D1 dialect) to set up what only time or a
// dying isolate would produce.

const APP_ID = 'cli_worker_runtime_app';
const APP_SECRET = 'worker-runtime-secret';
const ENCRYPT_KEY = 'worker-runtime-encrypt-key';
const VERIFY_TOKEN = 'worker-runtime-token';
const USER = 'ou_84aad35d084aa403a838cf73ee18467';

const WECOM_SECRET = 'worker-wecom-secret';
const WECOM_AGENT = 1000002;

let bundle: WorkerBundle;
let fake: FakeLark;
let wecom: FakeWecom;
let worker: WorkerUnderTest;
let db: Kysely<Database>;
let seq = 0;

beforeAll(async () => {
  [bundle, fake, wecom] = await Promise.all([
    buildWorkerBundle(),
    startFakeLark({ appId: APP_ID, appSecret: APP_SECRET }),
    startFakeWecom({ corpId: VECTOR_A.corpId, secret: WECOM_SECRET, agentId: WECOM_AGENT }),
  ]);
  worker = await startMiniflare(bundle, {
    LARK_APP_ID: APP_ID,
    LARK_APP_SECRET: APP_SECRET,
    LARK_ENCRYPT_KEY: ENCRYPT_KEY,
    LARK_VERIFICATION_TOKEN: VERIFY_TOKEN,
    LARK_DOMAIN: fake.url,
    ADMIN_TOKEN: 'runtime-admin',
    PII_SALT: 'runtime-salt',
    WECOM_CORP_ID: VECTOR_A.corpId,
    WECOM_AGENT_ID: String(WECOM_AGENT),
    WECOM_SECRET,
    WECOM_TOKEN: VECTOR_A.token,
    WECOM_AES_KEY: VECTOR_A.aesKey,
    WECOM_API_BASE: wecom.url,
    LOG_LEVEL: process.env.DEBUG_WORKER_LOGS ? 'debug' : 'info',
  });
  // The first request builds the app and migrates D1.
  expect((await worker.fetch('/health')).status).toBe(200);
  db = await worker.db();
}, 180_000);

afterAll(async () => {
  if (process.env.DEBUG_WORKER_LOGS) process.stderr.write(`${worker?.logs().join('\n')}\n`);
  await db?.destroy();
  await worker?.dispose();
  await fake?.close();
  await wecom?.close();
  if (bundle) rmSync(bundle.dir, { recursive: true, force: true });
});

function larkMessage(text: string) {
  const n = ++seq;
  const messageId = `om_runtime_${String(n).padStart(6, '0')}`;
  const chatId = `oc_runtime_chat_${n}`;
  fake.seedMessage(messageId, chatId);
  const envelope = messageEvent({
    eventId: `ev_runtime_${n}`,
    token: VERIFY_TOKEN,
    messageId,
    chatId,
    chatType: 'p2p',
    senderOpenId: USER,
    text,
  });
  return { envelope, messageId, chatId, eventId: `ev_runtime_${n}` };
}

async function waitFor(check: () => boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
}

describe('the Worker bundle in workerd', () => {
  it('answers an event accepted by an isolate that died before answering, from the cron sweep', async () => {
    const { envelope, messageId, eventId } = larkMessage('紫管眼霜多少钱');
    // What a killed isolate leaves behind: the event durable in the D1 inbox (acked to Lark),
    // never marked done, its lease long expired.
    const { token: _t, ...header } = envelope.header as Record<string, unknown>;
    const deadIsolate = createSqlInbox(db, () => Date.now() - 120_000, { owner: 'dead-isolate' });
    expect(
      await deadIsolate.accept({
        channel: 'lark',
        eventId,
        payload: { ...envelope, header },
        receivedAt: Date.now() - 120_000,
      }),
    ).toBe(true);
    expect(fake.repliesTo(messageId)).toHaveLength(0);
    await worker.scheduled();
    await waitFor(() => fake.repliesTo(messageId).length > 0);
    expect(fake.repliesTo(messageId)).toHaveLength(1);
    const row = await db
      .selectFrom('inbox_events')
      .select('status')
      .where('event_id', '=', eventId)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('done');
    // A second tick finds nothing left to replay.
    await worker.scheduled();
    expect(fake.repliesTo(messageId)).toHaveLength(1);
  });

  it('fires durable timers from the cron trigger: an SLA reminder reaches the reporter’s chat', async () => {
    const { envelope, messageId, chatId } = larkMessage('反馈：王女士说面霜用了三天脸发红，要求退货');
    const { body, headers } = buildDelivery(envelope, {
      encryptKey: ENCRYPT_KEY,
      timestampSec: Math.floor(Date.now() / 1000),
    });
    expect((await worker.fetch('/webhooks/lark', { method: 'POST', body, headers })).status).toBe(200);
    await waitFor(() => fake.repliesTo(messageId).length > 0);
    expect(JSON.stringify(fake.repliesTo(messageId)[0]?.content)).toMatch(/#\d+/);
    const reminders = await db
      .selectFrom('jobs')
      .select(['id', 'status'])
      .where('name', '=', 'crm.ticket.remind')
      .where('status', '=', 'pending')
      .execute();
    expect(reminders.length).toBeGreaterThan(0);
    // Time passes: the first-response reminder is due.
    await db
      .updateTable('jobs')
      .set({ run_at: 0 })
      .where(
        'id',
        'in',
        reminders.map((r) => r.id),
      )
      .execute();
    const before = fake.messages.length;
    await worker.scheduled();
    await waitFor(() => fake.messages.slice(before).some((m) => m.chatId === chatId));
    const sent = fake.messages.slice(before).filter((m) => m.chatId === chatId);
    expect(JSON.stringify(sent.map((m) => m.content))).toMatch(/即将超时/);
    const after = await db
      .selectFrom('jobs')
      .select('status')
      .where(
        'id',
        'in',
        reminders.map((r) => r.id),
      )
      .execute();
    expect(after.every((r) => r.status === 'done')).toBe(true);
    // A timer lost between a ticket's insert and its scheduling (D1 writes are not atomic) is
    // put back by the hourly repair in the cron tick.
    const escalations = () =>
      db
        .selectFrom('jobs')
        .select('id')
        .where('name', '=', 'crm.ticket.escalate')
        .where('status', '=', 'pending')
        .execute();
    const count = (await escalations()).length;
    expect(count).toBeGreaterThan(0);
    await db.deleteFrom('jobs').where('name', '=', 'crm.ticket.escalate').execute();
    await db.updateTable('kv').set({ updated_at: 0 }).where('key', '=', 'worker:crm-repairs').execute();
    await worker.scheduled();
    expect((await escalations()).length).toBe(count);
  });

  it('keeps D1 dedupe across deliveries: a re-push under the same message id is not answered twice', async () => {
    const { envelope, messageId } = larkMessage('蓝桶洗衣液冷水能洗干净吗');
    const deliver = (env: Record<string, unknown>) => {
      const { body, headers } = buildDelivery(env, {
        encryptKey: ENCRYPT_KEY,
        timestampSec: Math.floor(Date.now() / 1000),
      });
      return worker.fetch('/webhooks/lark', { method: 'POST', body, headers });
    };
    expect((await deliver(envelope)).status).toBe(200);
    const repush = { ...envelope, header: { ...(envelope.header as object), event_id: `${seq}_repush` } };
    expect((await deliver(repush)).status).toBe(200);
    await waitFor(() => fake.repliesTo(messageId).length > 0);
    await new Promise((r) => setTimeout(r, 500));
    expect(fake.repliesTo(messageId)).toHaveLength(1);
  });
});

describe('retention on Workers', () => {
  it('purges idle conversations from the cron trigger (Node does it on an interval)', async () => {
    const res = await worker.fetch('/api/chat', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'retention-user', text: '紫管眼霜多少钱' }),
    });
    expect(res.status).toBe(200);
    const convs = () => db.selectFrom('kv').select('key').where('key', 'like', 'conv:%').execute();
    expect((await convs()).length).toBeGreaterThan(0);
    await db.updateTable('kv').set({ updated_at: 0 }).where('key', 'like', 'conv:%').execute();
    await worker.scheduled();
    expect(await convs()).toEqual([]);
  });
});

describe('WeCom on Workers', () => {
  it('answers the URL check and a signed, encrypted text callback, once, through the WeCom API', async () => {
    const now = Math.floor(Date.now() / 1000);
    const echostr = encrypt(VECTOR_A.aesKey, 'echo-42', VECTOR_A.corpId);
    const q = new URLSearchParams({
      msg_signature: getSignature(VECTOR_A.token, String(now), 'n1', echostr),
      timestamp: String(now),
      nonce: 'n1',
      echostr,
    });
    const check = await worker.fetch(`/webhooks/wecom?${q}`);
    expect(await check.text()).toBe('echo-42');
    const req = signedCallback(
      VECTOR_A,
      textXml(VECTOR_A.corpId, 'zhangsan', '小金罐多少钱', 'msg-worker-1', now),
      now,
    );
    const post = () =>
      worker.fetch(req.path, { method: 'POST', body: req.body, headers: { 'content-type': 'text/xml' } });
    const first = await post();
    expect(first.status).toBe(200);
    expect((await post()).status).toBe(200);
    await waitFor(() => wecom.sent.length > 0);
    await new Promise((r) => setTimeout(r, 500));
    expect(wecom.sent.filter((m) => m.touser === 'zhangsan')).toHaveLength(1);
    expect(wecom.sent[0]?.content).toMatch(/元/);
    const forged = signedCallback(
      { ...VECTOR_A, token: 'not-the-token' },
      textXml(VECTOR_A.corpId, 'x', 'hi', 'msg-worker-2', now),
      now,
    );
    expect((await worker.fetch(forged.path, { method: 'POST', body: forged.body })).status).toBe(401);
  });
});

describe('the Kysely D1 dialect, on workerd’s D1', () => {
  it('applies the migrations idempotently and reports conflicts as zero rows', async () => {
    await migrate(db);
    await migrate(db);
    const row = { key: 'dialect:conflict', value: '1', updated_at: 1 };
    const first = await db
      .insertInto('kv')
      .values(row)
      .onConflict((oc) => oc.column('key').doNothing())
      .executeTakeFirst();
    const again = await db
      .insertInto('kv')
      .values(row)
      .onConflict((oc) => oc.column('key').doNothing())
      .executeTakeFirst();
    expect(Number(first.numInsertedOrUpdatedRows)).toBe(1);
    expect(Number(again.numInsertedOrUpdatedRows)).toBe(0);
    const updated = await db
      .updateTable('kv')
      .set({ value: '2' })
      .where('key', '=', row.key)
      .returning('value')
      .execute();
    expect(updated).toEqual([{ value: '2' }]);
  });

  it('runs one transaction at a time per isolate (read-modify-write stays consistent), without atomicity', async () => {
    const key = 'dialect:counter';
    await db.insertInto('kv').values({ key, value: '0', updated_at: 0 }).execute();
    const bump = () =>
      db.transaction().execute(async (trx) => {
        const { value } = await trx.selectFrom('kv').select('value').where('key', '=', key).executeTakeFirstOrThrow();
        await trx
          .updateTable('kv')
          .set({ value: String(Number(value) + 1) })
          .where('key', '=', key)
          .execute();
      });
    await Promise.all(Array.from({ length: 8 }, bump));
    const { value } = await db.selectFrom('kv').select('value').where('key', '=', key).executeTakeFirstOrThrow();
    expect(value).toBe('8');
    // D1 has no BEGIN/ROLLBACK: a failed transaction keeps what it already wrote (documented).
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.updateTable('kv').set({ value: 'partial' }).where('key', '=', key).execute();
        throw new Error('fails midway');
      }),
    ).rejects.toThrow('fails midway');
    const after = await db.selectFrom('kv').select('value').where('key', '=', key).executeTakeFirstOrThrow();
    expect(after.value).toBe('partial');
  });
});

describe('LLM mode on Workers', () => {
  it('reads the bundled prompts and answers through an OpenAI-compatible model', async () => {
    const llm: FakeOpenAi = await startFakeOpenAi({
      reply: ((body: { messages: { content: string }[]; response_format?: unknown }) => {
        if (body.response_format) return JSON.stringify({ intent: 'product_question' });
        const id = /<passage[^>]*\bid="([^"]+)"/.exec(body.messages.at(-1)?.content ?? '')?.[1] ?? 'none';
        return `根据资料，煎蛋少放一点油即可。[${id}]`;
      }) as never,
    });
    const w = await startMiniflare(bundle, {
      OPENAI_BASE_URL: llm.baseURL,
      OPENAI_API_KEY: llm.apiKey,
      LLM_MODEL: 'fake-chat',
      LLM_TIMEOUT_MS: '5000',
    });
    try {
      const res = await w.fetch('/api/chat', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user: 'llm-user', text: '不粘锅煎蛋要放油吗' }),
      });
      const j = (await res.json()) as { mode: string; answer: string; sources: { id: string }[] };
      expect(j.mode).toBe('llm');
      expect(j.sources[0]?.id).toBe('kt-nonstick-pan');
      expect(j.answer).toMatch(/煎蛋/);
      // The system prompt is prompts/answer.md, read from the bundle's /bundle/prompts/.
      const prompt = readFileSync(join(PROJECT_ROOT, 'prompts/answer.md'), 'utf8').split('\n')[2] ?? '';
      expect(prompt.length).toBeGreaterThan(20);
      expect(JSON.stringify(llm.chatBodies())).toContain(prompt.slice(0, 30));
    } finally {
      await w.dispose();
      await llm.close();
    }
  });
});

describe('isolate start on D1', () => {
  it('costs a handful of D1 round trips once the database is migrated', async () => {
    const persist = mkdtempSync(join(tmpdir(), 'daogou-d1-'));
    const queries: number[] = [];
    try {
      for (let i = 0; i < 2; i++) {
        const w = await startMiniflare(bundle, { PII_SALT: 'start-salt' }, persist);
        try {
          expect((await w.fetch('/health')).status).toBe(200);
          await new Promise((r) => setTimeout(r, 100));
          const ready = w.logs().find((l) => l.includes('daogou worker ready')) ?? '{}';
          queries.push(JSON.parse(ready).d1Queries?.total ?? -1);
        } finally {
          await w.dispose();
        }
      }
    } finally {
      rmSync(persist, { recursive: true, force: true });
    }
    // The first isolate migrates a fresh database; the next one only checks it.
    expect(queries[0]).toBeGreaterThan(20);
    expect(queries[1]).toBeGreaterThan(0);
    expect(queries[1]).toBeLessThanOrEqual(5);
  });
});

describe('configuration on Workers', () => {
  it('names a missing variable in one clear line, in the response and once in the log', async () => {
    // Half a Lark configuration: an encrypt key without the app id.
    const half = await startMiniflare(bundle, { LARK_ENCRYPT_KEY: 'k'.repeat(16), LARK_DOMAIN: fake.url });
    try {
      const first = await half.fetch('/health');
      expect(first.status).toBe(500);
      const body = (await first.json()) as { error: string; message: string };
      expect(body.error).toBe('CONFIG_INVALID');
      expect(body.message).toMatch(/^Invalid environment variable LARK_APP_ID \(unset\): /);
      expect(body.message).not.toContain('\n');
      expect((await half.fetch('/api/chat', { method: 'POST', body: '{}' })).status).toBe(500);
      await new Promise((r) => setTimeout(r, 200));
      expect(half.logs().filter((l) => l.includes('LARK_APP_ID'))).toHaveLength(1);
    } finally {
      await half.dispose();
    }
  });

  it('serves with only LARK_APP_ID and LARK_DOMAIN (the documented wrangler dev command), warning once', async () => {
    const idOnly = await startMiniflare(bundle, { LARK_APP_ID: APP_ID, LARK_DOMAIN: fake.url });
    try {
      expect((await idOnly.fetch('/health')).status).toBe(200);
      await new Promise((r) => setTimeout(r, 200));
      expect(idOnly.logs().filter((l) => l.includes('LARK_APP_SECRET is not set'))).toHaveLength(1);
    } finally {
      await idOnly.dispose();
    }
  });

  it('validates vars with the same zod schema as Node', async () => {
    const bad = await startMiniflare(bundle, { SESSION_IDLE_MINUTES: 'ten' });
    try {
      const res = await bad.fetch('/health');
      expect(res.status).toBe(500);
      expect(((await res.json()) as { message: string }).message).toMatch(/SESSION_IDLE_MINUTES/);
    } finally {
      await bad.dispose();
    }
  });
});
