import { afterEach, describe, expect, it } from 'vitest';
import { bitableSchema } from '../../src/adapters/crm/bitable-fields.js';
import { createBitableSink } from '../../src/adapters/crm/bitable-sink.js';
import { createWebhookSink } from '../../src/adapters/crm/webhook-sink.js';
import { createSdkClient } from '../../src/channels/lark/create-sdk-client.js';
import { silentLogger } from '../../src/ports/logger.js';
import { createFakeBitable, type FakeBitable } from '../fakes/bitable/create-fake-bitable.js';
import { createFakeWebhook } from '../fakes/webhook/create-fake-webhook.js';
import { createOutboxRig } from './helpers/outbox-rig.js';
import { interaction, newTicket } from './helpers/records.js';

const SECRET = 'whsec_test';
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

async function webhookRig(secret = SECRET) {
  let clockNow = () => Date.now();
  const fake = await createFakeWebhook({ secret: SECRET, now: () => clockNow() });
  const rig = await createOutboxRig((now) => [createWebhookSink({ url: fake.url, secret, now })]);
  clockNow = () => rig.clock.now();
  cleanup.push(
    () => fake.close(),
    () => rig.close(),
  );
  return { fake, rig };
}

describe('webhook sink', () => {
  it('survives a 10-minute outage: nothing lost, nothing duplicated, every call signed', async () => {
    const { fake, rig } = await webhookRig();
    for (let i = 0; i < 30; i++)
      await rig.crm.logInteraction(interaction(`r${i}`, { at: rig.clock.now(), text: `问题 ${i} 电话13800138000` }));
    await rig.crm.tickets.create(newTicket('lark:e1', { at: rig.clock.now() }));
    fake.mode = 'down';
    const outageEnds = rig.clock.now() + 10 * 60_000;
    while (rig.clock.now() < outageEnds) {
      await rig.dispatcher.runOnce();
      rig.clock.advance(15_000);
    }
    expect(fake.requests).toBeGreaterThan(5);
    expect(fake.received.size).toBe(0);
    expect(await rig.pending()).toBe(31);
    fake.mode = 'up';
    await rig.drain();
    expect(await rig.pending()).toBe(0);
    expect(fake.received.size).toBe(31);
    expect(fake.duplicates).toBe(0);
    expect(fake.rejected).toBe(0);
    const event = fake.received.get('webhook:interaction.logged:r7') as { type: string; data: { text: string } };
    expect(event.type).toBe('interaction.logged');
    expect(event.data.text).toBe('问题 7 电话*******8000');
    expect([...fake.received.keys()]).toContain('webhook:ticket.created:1');
    expect(JSON.stringify([...fake.received.values()])).not.toContain('13800138000');
  });

  it('re-sends after a lost response with the same idempotency key; the receiver drops the repeat', async () => {
    const { fake, rig } = await webhookRig();
    for (let i = 0; i < 6; i++) await rig.crm.logInteraction(interaction(`d${i}`, { at: rig.clock.now() }));
    fake.mode = 'drop-after-commit';
    await rig.dispatcher.runOnce();
    expect(fake.received.size).toBeGreaterThan(0);
    fake.mode = 'up';
    await rig.drain();
    expect(fake.received.size).toBe(6);
    expect(fake.duplicates).toBeGreaterThan(0);
    expect(await rig.pending()).toBe(0);
  });

  it('keeps retrying on a wrong secret (401) and honours Retry-After on 429', async () => {
    const { fake, rig } = await webhookRig('wrong-secret');
    await rig.crm.logInteraction(interaction('s1', { at: rig.clock.now() }));
    await rig.drain(5);
    expect(fake.rejected).toBeGreaterThan(0);
    expect(await rig.pending()).toBe(1);
    const rows = await rig.db.db.selectFrom('outbox').select(['status', 'last_error']).execute();
    expect(rows[0]).toMatchObject({ status: 'pending', last_error: expect.stringContaining('HTTP 401') });

    const ok = await webhookRig();
    await ok.rig.crm.logInteraction(interaction('s2', { at: ok.rig.clock.now() }));
    ok.fake.mode = 'rate-limited';
    await ok.rig.dispatcher.runOnce();
    const [row] = await ok.rig.db.db.selectFrom('outbox').select(['next_at']).execute();
    expect(Number(row?.next_at) - ok.rig.clock.now()).toBeGreaterThanOrEqual(2000);
    ok.fake.mode = 'up';
    await ok.rig.drain();
    expect(ok.fake.received.size).toBe(1);
  });
});

const APP = 'bascnFakeApp';
const TABLES = { interactions: 'tblInteractions', tickets: 'tblTickets' } as const;

async function bitableRig(opts: { maxCell?: number; batchSize?: number; dropColumn?: string } = {}) {
  const interactions = bitableSchema('interactions');
  if (opts.dropColumn) delete interactions[opts.dropColumn];
  const fake: FakeBitable = await createFakeBitable({
    appId: 'cli_fake',
    appSecret: 'secret',
    apps: { [APP]: { [TABLES.interactions]: interactions, [TABLES.tickets]: bitableSchema('tickets') } },
    ...(opts.maxCell ? { maxCell: opts.maxCell } : {}),
  });
  const { client, clearToken } = createSdkClient({
    appId: 'cli_fake',
    appSecret: 'secret',
    domain: fake.url,
    logger: silentLogger,
  });
  const rig = await createOutboxRig(() => [
    createBitableSink({
      client,
      appToken: APP,
      tables: TABLES,
      onTokenInvalid: clearToken,
      ...(opts.batchSize ? { batchSize: opts.batchSize } : {}),
    }),
  ]);
  cleanup.push(
    () => fake.close(),
    () => rig.close(),
  );
  return { fake, rig };
}

describe('Bitable sink (Lark SDK against a local Open Platform)', () => {
  it('writes in batches of at most the batch size and never twice, even when a response is lost', async () => {
    const { fake, rig } = await bitableRig({ batchSize: 1000 });
    for (let i = 0; i < 1200; i++)
      await rig.crm.logInteraction(interaction(`b${String(i).padStart(4, '0')}`, { at: rig.clock.now() }));
    fake.mode = 'drop-after-commit';
    await rig.dispatcher.runOnce();
    expect(fake.records(TABLES.interactions)).toHaveLength(1000);
    fake.mode = 'up';
    await rig.drain();
    const rows = fake.records(TABLES.interactions);
    expect(rows).toHaveLength(1200);
    expect(new Set(rows.map((r) => r.事件键)).size).toBe(1200);
    expect(Math.max(...fake.calls.map((c) => c.count))).toBeLessThanOrEqual(1000);
    // The retried first batch reused its client_token and was answered from the first call.
    const tokens = fake.calls.filter((c) => c.clientToken).map((c) => c.clientToken);
    expect(tokens.length).toBeGreaterThan(new Set(tokens).size);
    expect(rows[0]).toMatchObject({
      事件: 'interaction.logged',
      门店: 's1',
      意图: 'product_question',
      未答上: false,
      耗时ms: 12,
    });
    expect(fake.tokenRequests).toBe(1);
  });

  it('retries rate limits and a revoked tenant token, and sets aside only a record Bitable cannot store', async () => {
    const { fake, rig } = await bitableRig({ maxCell: 500 });
    const log = (i: number) =>
      rig.crm.logInteraction(
        interaction(`q${i}`, { at: rig.clock.now(), answer: i === 3 ? '长'.repeat(600) : '可以' }),
      );
    await log(0);
    await rig.drain();
    fake.revokeTokens();
    fake.rateLimitNext(2);
    for (let i = 1; i < 5; i++) await log(i);
    await rig.crm.tickets.create(newTicket('lark:t1', { at: rig.clock.now() }));
    await rig.drain();
    expect(fake.tokenRequests).toBe(2);
    expect(fake.calls.some((c) => c.code === 1254290)).toBe(true);
    expect(fake.calls.some((c) => c.code === 99991663)).toBe(true);
    expect(
      fake
        .records(TABLES.interactions)
        .map((r) => r.事件键)
        .sort(),
    ).toEqual(['q0', 'q1', 'q2', 'q4'].map((id) => `bitable:interaction.logged:${id}`));
    expect(fake.records(TABLES.tickets)).toHaveLength(1);
    expect(fake.records(TABLES.tickets)[0]).toMatchObject({ 工单号: 1, 类别: '过敏/安全', 严重度: 'high' });
    const dead = await rig.db.db
      .selectFrom('outbox')
      .select(['ref', 'last_error'])
      .where('status', '=', 'dead')
      .execute();
    expect(dead).toEqual([{ ref: 'q3', last_error: expect.stringContaining('1254130') }]);
  });

  it('keeps records while a column is missing and delivers them once the operator adds it', async () => {
    const { fake, rig } = await bitableRig({ dropColumn: '会话' });
    await rig.crm.logInteraction(interaction('c1', { at: rig.clock.now() }));
    await rig.drain(3);
    expect(await rig.pending()).toBe(1);
    expect(fake.calls.at(-1)?.code).toBe(1254045);
    fake.addField(APP, TABLES.interactions, '会话', 'text');
    await rig.drain();
    expect(fake.records(TABLES.interactions)).toHaveLength(1);
  });
});
