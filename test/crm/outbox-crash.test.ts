import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createOutboxDispatcher } from '../../src/adapters/crm/outbox-dispatcher.js';
import { createWebhookSink } from '../../src/adapters/crm/webhook-sink.js';
import { openSqlite } from '../../src/adapters/db/create-db.js';
import { createSqlOutbox } from '../../src/adapters/db/crm/sql-outbox.js';
import { silentLogger } from '../../src/ports/logger.js';
import { createFakeWebhook, type FakeWebhook } from '../fakes/webhook/create-fake-webhook.js';

const CHILD = join(import.meta.dirname, 'fixtures', 'outbox-child.ts');
const SECRET = 'whsec_crash';
let fake: FakeWebhook | undefined;
afterEach(async () => {
  await fake?.close();
});

/** Starts the child, waits until it printed PERSISTED and `until()` holds, then kill -9. */
async function runAndKill(args: string[], until: () => boolean): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_code, signal) => r(signal)));
  const deadline = Date.now() + 20_000;
  while (!(out.includes('PERSISTED') && until())) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`child did not get there: ${out} ${err}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
}

async function restartAndDeliver(file: string, url: string) {
  const db = await openSqlite(file);
  const sink = createWebhookSink({ url, secret: SECRET, now: Date.now });
  const store = createSqlOutbox(db.db);
  const dispatcher = createOutboxDispatcher({ store, sinks: [sink], now: Date.now, logger: silentLogger });
  for (let i = 0; i < 5; i++) await dispatcher.runOnce();
  const counts = await store.counts();
  await db.close();
  return counts;
}

describe('outbox across kill -9', () => {
  it('killed after persisting, before any delivery: the restarted process delivers every event once', async () => {
    fake = await createFakeWebhook({ secret: SECRET });
    const file = join(mkdtempSync(join(tmpdir(), 'daogou-crash-')), 'crm.db');
    await runAndKill([file, '8', 'persist-only', fake.url, SECRET], () => true);
    expect(fake.requests).toBe(0);
    const counts = await restartAndDeliver(file, fake.url);
    expect(counts).toEqual([{ sink: 'webhook', status: 'delivered', count: 8 }]);
    expect(fake.received.size).toBe(8);
    expect(fake.duplicates).toBe(0);
  });

  it('killed mid-delivery (the receiver committed, no answer came back): delivered once after restart', async () => {
    fake = await createFakeWebhook({ secret: SECRET });
    fake.mode = 'hang';
    const file = join(mkdtempSync(join(tmpdir(), 'daogou-crash-')), 'crm.db');
    await runAndKill([file, '10', 'mid-delivery', fake.url, SECRET], () => (fake?.received.size ?? 0) >= 4);
    const before = fake.received.size;
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(10);
    fake.mode = 'up';
    await new Promise((r) => setTimeout(r, 350));
    const counts = await restartAndDeliver(file, fake.url);
    expect(counts).toEqual([{ sink: 'webhook', status: 'delivered', count: 10 }]);
    expect(fake.received.size).toBe(10);
    expect(fake.duplicates).toBe(before);
  });
});
