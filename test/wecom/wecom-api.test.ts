import { afterEach, describe, expect, it } from 'vitest';
import { createWecomApi } from '../../src/channels/wecom/create-wecom-api.js';
import { createWecomClient, DEFAULT_MEMBER_RATE_LIMIT } from '../../src/channels/wecom/create-wecom-client.js';
import { createManualClock } from '../../src/ports/clock.js';
import { silentLogger } from '../../src/ports/logger.js';
import { type FakeWecom, startFakeWecom } from '../fakes/wecom/fake-wecom-api.js';

const CORP = 'ww_test_corp';
const SECRET = 'test-secret';
const AGENT = 1000002;

let fake: FakeWecom | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function api(f: FakeWecom, clock = createManualClock(), secret = SECRET, retries = 3) {
  return createWecomApi({
    corpId: CORP,
    secret,
    agentId: String(AGENT),
    apiBase: f.url,
    clock,
    logger: silentLogger,
    retry: { retries, minTimeoutMs: 5, maxTimeoutMs: 20 },
  });
}

describe('WeCom API client against the fake WeCom server', () => {
  it('fetches the access token once and reuses it while valid', async () => {
    fake = await startFakeWecom({ corpId: CORP, secret: SECRET, agentId: AGENT });
    const a = api(fake);
    await Promise.all([a.sendText('u1', '一'), a.sendText('u1', '二'), a.sendText('u2', '三')]);
    await a.sendText('u1', '四');
    expect(fake.tokenRequests).toBe(1);
    expect(fake.sent.map((m) => m.content).sort()).toEqual(['一', '三', '二', '四'].sort());
  });

  it('refreshes the token when the cache lifetime (~2 h) has passed', async () => {
    fake = await startFakeWecom({ corpId: CORP, secret: SECRET, agentId: AGENT });
    const clock = createManualClock();
    const a = api(fake, clock);
    await a.sendText('u1', '一');
    clock.advance(60 * 60_000);
    await a.sendText('u1', '二');
    expect(fake.tokenRequests).toBe(1);
    clock.advance(60 * 60_000);
    await a.sendText('u1', '三');
    expect(fake.tokenRequests).toBe(2);
  });

  it('on 42001 (expired) refreshes the token and delivers', async () => {
    fake = await startFakeWecom({ corpId: CORP, secret: SECRET, agentId: AGENT });
    const a = api(fake);
    await a.sendText('u1', '一');
    fake.expireTokens();
    await a.sendText('u1', '二');
    expect(fake.sendAttempts.map((s) => s.errcode)).toEqual([0, 42001, 0]);
    expect(fake.tokenRequests).toBe(2);
    expect(fake.sent.map((m) => m.content)).toEqual(['一', '二']);
  });

  it('on 40014 (invalid token) refreshes the token and delivers', async () => {
    fake = await startFakeWecom({ corpId: CORP, secret: SECRET, agentId: AGENT });
    const a = api(fake);
    await a.sendText('u1', '一');
    fake.revokeTokens();
    await a.sendText('u1', '二');
    expect(fake.sendAttempts.map((s) => s.errcode)).toEqual([0, 40014, 0]);
    expect(fake.tokenRequests).toBe(2);
  });

  it('retries 45009 (rate limited) and -1 (busy) with backoff', async () => {
    fake = await startFakeWecom({ corpId: CORP, secret: SECRET, agentId: AGENT });
    const a = api(fake);
    fake.failNext(45009);
    fake.failNext(-1);
    await a.sendText('u1', '你好');
    expect(fake.sendAttempts.map((s) => s.errcode)).toEqual([45009, -1, 0]);
    expect(fake.sent).toHaveLength(1);
  });

  it('gives up after the retry budget with a coded error', async () => {
    fake = await startFakeWecom({ corpId: CORP, secret: SECRET, agentId: AGENT });
    const a = api(fake, createManualClock(), SECRET, 2);
    fake.failNext(45009, 5);
    await expect(a.sendText('u1', '你好')).rejects.toMatchObject({ code: 'WECOM_API_45009' });
    expect(fake.sendAttempts).toHaveLength(3);
  });

  it('a wrong secret fails fast with an operator hint, without retrying', async () => {
    fake = await startFakeWecom({ corpId: CORP, secret: SECRET, agentId: AGENT });
    const a = api(fake, createManualClock(), 'wrong');
    const err = (await a.sendText('u1', '你好').then(
      () => new Error('expected a rejection'),
      (e: unknown) => e,
    )) as Error & { code: string };
    expect(err.code).toBe('WECOM_API_40001');
    expect(err.message).toContain('WECOM_SECRET');
    expect(fake.tokenRequests).toBe(1);
    expect(fake.sent).toHaveLength(0);
  });

  it('the fake refuses content over 2048 bytes (45002), so the split is really needed', async () => {
    fake = await startFakeWecom({ corpId: CORP, secret: SECRET, agentId: AGENT });
    const a = api(fake);
    await expect(a.sendText('u1', '字'.repeat(683))).rejects.toMatchObject({ code: 'WECOM_API_45002' });
    await a.sendText('u1', '字'.repeat(682));
    expect(fake.sent).toHaveLength(1);
  });
});

describe('per-member rate limiting (bottleneck)', () => {
  it('the default budget stays within WeCom limits (30/min, 1000/h per member) over any window', () => {
    const { burst, refillMs } = DEFAULT_MEMBER_RATE_LIMIT;
    expect(burst + Math.ceil(60_000 / refillMs)).toBeLessThanOrEqual(30);
    expect(burst + Math.ceil(3_600_000 / refillMs)).toBeLessThanOrEqual(1000);
  });

  it('a burst of messages to one member is paced so the per-member limit is never hit', async () => {
    // Scaled-down limit: ≤3 per 600 ms; budget: 1 at once + 1 per 300 ms → ≤ 1 + 2 = 3 in any 600 ms.
    fake = await startFakeWecom({
      corpId: CORP,
      secret: SECRET,
      agentId: AGENT,
      memberLimit: { max: 3, windowMs: 600 },
    });
    const client = createWecomClient(api(fake, createManualClock(), SECRET, 0), { burst: 1, refillMs: 300 });
    await Promise.all(['1', '2', '3', '4', '5', '6'].map((t) => client.sendText('u1', t)));
    await client.sendText('u2', 'other member is not slowed down by u1');
    expect(fake.sendAttempts.every((s) => s.errcode === 0)).toBe(true);
    expect(fake.sent.filter((m) => m.touser === 'u1').map((m) => m.content)).toEqual(['1', '2', '3', '4', '5', '6']);
    await client.stop();
  });

  it('without pacing the same burst trips the fake limit (the fake really enforces it)', async () => {
    fake = await startFakeWecom({
      corpId: CORP,
      secret: SECRET,
      agentId: AGENT,
      memberLimit: { max: 3, windowMs: 600 },
    });
    const client = createWecomClient(api(fake, createManualClock(), SECRET, 0), { burst: 100, refillMs: 1 });
    const results = await Promise.allSettled(['1', '2', '3', '4', '5', '6'].map((t) => client.sendText('u1', t)));
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(3);
    expect(fake.sendAttempts.filter((s) => s.errcode === 45009)).toHaveLength(3);
    await client.stop();
  });
});
