import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/adapters/db/create-db.js';
import type { Assistant } from '../../src/core/assistant.js';
import { VECTOR_A } from '../fixtures/wecom/vectors.js';
import { startLarkHarness } from '../lark/harness.js';
import {
  type Backend,
  createBackend,
  inboxRows,
  post,
  signedCallback,
  startHarness,
  textXml,
} from '../wecom/harness.js';

/**
 * Issue 10, problem 3: a webhook's replay copy is masked before it is written, and dropped
 * (only the dedupe key stays) once the event is answered.
 */
const NOW_S = 1_790_000_000;
const TEXT = '反馈：王女士 一三九五二三四五六七八 或 137.3456.7890 面霜过敏';
const RAW = ['一三九五二三四五六七八', '137.3456.7890', '13952345678', '13734567890', '1373456', '1395234'];

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => {
    open = r;
  });
  return { open, opened };
}

let backend: Backend;
beforeAll(async () => {
  backend = await createBackend();
});
afterAll(async () => {
  await backend.close();
});

describe('WeCom inbox copies', () => {
  it('are masked while pending and reduced to the dedupe key once answered', async () => {
    const g = gate();
    const wrap = (a: Assistant): Assistant => ({
      services: a.services,
      async handle(msg, options) {
        await g.opened;
        return a.handle(msg, options);
      },
    });
    const h = await startHarness(VECTOR_A, NOW_S, { backend, wrap });
    const req = signedCallback(VECTOR_A, textXml(VECTOR_A.corpId, 'lisi', TEXT, '7700000000000000001', NOW_S), NOW_S);
    expect((await post(h.app, req)).status).toBe(200);
    const pending = await backend.db.db
      .selectFrom('inbox_events')
      .select(['status', 'payload'])
      .where('event_id', '=', '7700000000000000001')
      .executeTakeFirstOrThrow();
    expect(pending.status).toBe('pending');
    for (const raw of RAW) expect(pending.payload).not.toContain(raw);
    expect(pending.payload).toContain('*******5678');
    g.open();
    await h.channel.idle();
    const done = await backend.db.db
      .selectFrom('inbox_events')
      .select(['status', 'payload'])
      .where('event_id', '=', '7700000000000000001')
      .executeTakeFirstOrThrow();
    expect(done).toEqual({ status: 'done', payload: 'null' });
    expect((await inboxRows(backend)).length).toBeGreaterThan(0);
    await h.close();
  });
});

describe('Lark inbox copies', () => {
  it('are masked inside the message content JSON while pending, and dropped once answered', async () => {
    const h = await startLarkHarness({ channel: { retry: { retries: 1, minTimeoutMs: 5, maxTimeoutMs: 10 } } });
    // Lark is down: the event is answered but stays pending in the inbox, as after a crash.
    h.fake.fail('/reply', 100, 503, { code: 1, msg: 'service unavailable' });
    const ev = h.message({ eventId: 'ev-pii-1', text: TEXT });
    expect((await h.deliver(ev)).status).toBe(200);
    await h.channel.idle();
    const db = await openSqlite(h.dbFile);
    const row = () =>
      db.db
        .selectFrom('inbox_events')
        .select(['status', 'payload'])
        .where('event_id', '=', 'ev-pii-1')
        .executeTakeFirstOrThrow();
    const pending = await row();
    expect(pending.status).toBe('pending');
    for (const raw of RAW) expect(pending.payload).not.toContain(raw);
    // The copy is still a valid envelope: ids intact, content still JSON.
    const envelope = JSON.parse(pending.payload);
    expect(envelope.header.event_id).toBe('ev-pii-1');
    expect(JSON.parse(envelope.event.message.content).text).toContain('*******5678');

    h.fake.clearFailures();
    h.clock.advance(10 * 60_000);
    await h.channel.sweep();
    await h.channel.idle();
    expect(await row()).toEqual({ status: 'done', payload: 'null' });
    await db.close();
    await h.close();
  });
});
