import { createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/adapters/db/create-db.js';
import { createManualClock } from '../../src/ports/clock.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';

/** Issue 10, problems 2 and 3: no customer number on disk in clear, and erase means erased. */

// biome-ignore lint/suspicious/noExplicitAny: JSON bodies are asserted field by field.
type Json = any;

const ADMIN = 'admin-pii-token';
let rt: TestRuntime | undefined;
afterEach(async () => {
  await rt?.close();
  rt = undefined;
});

async function start(dataDir: string, env: Record<string, string> = {}): Promise<TestRuntime> {
  const db = await openSqlite(join(dataDir, 'daogou.db'));
  return createTestRuntime({ db, clock: createManualClock(), env: { DATA_DIR: dataDir, ADMIN_TOKEN: ADMIN, ...env } });
}

const chat = async (r: TestRuntime, text: string, user = 'web-1'): Promise<Json> =>
  (
    await r.http.request('/api/chat', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user, text }),
    })
  ).json();

/** Every byte SQLite keeps on disk for this database: the file, its WAL and journal. */
function diskBytes(dataDir: string): string {
  return ['daogou.db', 'daogou.db-wal', 'daogou.db-journal']
    .map((f) => join(dataDir, f))
    .filter(existsSync)
    .map((f) => readFileSync(f).toString('latin1'))
    .join('\n');
}
const latin1 = (s: string) => Buffer.from(s, 'utf8').toString('latin1');

describe('contacts are keyed-hashed with a secret of this installation', () => {
  it('PII_SALT unset: a random secret is generated under DATA_DIR (0600), used as HMAC key; the masked form keeps 4 digits', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'daogou-pii-'));
    rt = await start(dataDir);
    const j = await chat(rt, '反馈：王女士 13912345678 面霜用了两天起红疹');
    expect(j.intent).toBe('feedback_report');
    const secretFile = join(dataDir, 'pii-secret');
    expect(statSync(secretFile).mode & 0o777).toBe(0o600);
    const secret = readFileSync(secretFile, 'utf8').trim();
    expect(secret).toMatch(/^[0-9a-f]{64}$/);

    const row = await rt.db.db.selectFrom('customers').selectAll().executeTakeFirstOrThrow();
    expect(row.key_hash).toBe(createHmac('sha256', secret).update('mobile:13912345678').digest('hex'));
    expect(row.masked_contact).toBe('*******5678');
    // The attack of the report: 10⁴ candidates from a 7-digit masked form and the public salt.
    const publicSalt = 'daogou-dev-salt-set-PII_SALT';
    const hits = Array.from({ length: 10_000 }, (_, i) => `139${String(i).padStart(4, '0')}5678`).filter(
      (candidate) => createHmac('sha256', publicSalt).update(`mobile:${candidate}`).digest('hex') === row.key_hash,
    );
    expect(hits).toEqual([]);
    await rt.close();
    const disk = diskBytes(dataDir);
    expect(disk).not.toContain('13912345678');
    expect(disk).not.toContain('1391234');

    // Same DATA_DIR, same secret: the next report by the same customer is linked.
    rt = await start(dataDir);
    await chat(rt, '反馈：王女士 139-1234-5678 又来问退款');
    const again = await rt.db.db.selectFrom('customers').selectAll().execute();
    expect(again).toHaveLength(1);
    expect(again[0]?.report_count).toBe(2);
  });
});

describe('numbers in every spelling are masked before anything is written', () => {
  const SPELLINGS: [string, string][] = [
    ['137.3456.7890', '1373456'],
    ['一三九五二三四五六七八', '一三九五二三四'],
    ['幺三八零零幺三八零零零', '幺三八零零幺三'],
    ['１３６／１２３４／５６７８', '１３６／１２３４'],
    ['158_1234_9876', '158_1234'],
  ];

  it('questions, feedback, sessions, gaps and the interaction log hold no full number', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'daogou-pii-'));
    rt = await start(dataDir);
    for (const [n] of SPELLINGS) {
      await chat(rt, `顾客电话 ${n} 问紫管眼霜孕妇能用吗`, `s-${n}`);
      await chat(rt, `反馈：李女士 ${n} 小金罐喝了拉肚子`, `f-${n}`);
    }
    const dump = JSON.stringify([
      await rt.db.db.selectFrom('interactions').selectAll().execute(),
      await rt.db.db.selectFrom('tickets').selectAll().execute(),
      await rt.db.db.selectFrom('customers').selectAll().execute(),
      await rt.db.db.selectFrom('knowledge_gaps').selectAll().execute(),
      await rt.db.db.selectFrom('kv').selectAll().execute(),
      await rt.db.db.selectFrom('inbox_events').selectAll().execute(),
    ]);
    for (const [full, prefix] of SPELLINGS) {
      const at = dump.indexOf(full);
      expect(at < 0 ? '' : dump.slice(Math.max(0, at - 300), at + 50)).toBe('');
      expect(dump).not.toContain(prefix);
    }
    expect(dump).toMatch(/\*{7}7890/);
    await rt.close();
    const disk = diskBytes(dataDir);
    for (const [full, prefix] of SPELLINGS) {
      expect(disk).not.toContain(latin1(full));
      expect(disk).not.toContain(latin1(prefix));
    }
  });
});

describe('PIPL erase removes a customer from every table and from the database files', () => {
  it('DELETE /api/customers/:id leaves no trace of the report in any table, the file or the WAL', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'daogou-erase-'));
    rt = await start(dataDir);
    const MARK = '面霜里有奇怪的蓝色颗粒和铁锈味';
    await chat(rt, `反馈：欧阳女士 13712345678 ${MARK}`, 'assoc-1');
    await chat(rt, '跟进 #1 已电话联系欧阳女士，约周六到店', 'assoc-1');
    expect(diskBytes(dataDir)).toContain(latin1(MARK));
    const lookup = await rt.http.request('/api/customers/lookup?contact=13712345678', {
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    const { customer } = (await lookup.json()) as Json;
    const del = await rt.http.request(`/api/customers/${customer.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    expect(del.status).toBe(200);

    const db = rt.db.db;
    expect(await db.selectFrom('customers').selectAll().execute()).toEqual([]);
    const dump = JSON.stringify([
      await db.selectFrom('tickets').selectAll().execute(),
      await db.selectFrom('ticket_notes').selectAll().execute(),
      await db.selectFrom('interactions').selectAll().execute(),
      await db.selectFrom('knowledge_gaps').selectAll().execute(),
      await db.selectFrom('outbox').selectAll().execute(),
      await db.selectFrom('inbox_events').selectAll().execute(),
      await db.selectFrom('kv').selectAll().execute(),
    ]);
    expect(dump).not.toContain(MARK);
    expect(dump).not.toContain('欧阳');
    expect(dump).not.toContain('5678');
    // secure_delete zeroes freed content and the WAL is checkpointed and truncated.
    const disk = diskBytes(dataDir);
    expect(disk).not.toContain(latin1(MARK));
    expect(disk).not.toContain(latin1('欧阳女士'));
    const wal = join(dataDir, 'daogou.db-wal');
    expect(existsSync(wal) ? statSync(wal).size : 0).toBe(0);
  });
});
