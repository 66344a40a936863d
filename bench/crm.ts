/**
 * CRM logging benchmark.
 *
 *   npx tsx bench/crm.ts [--requests 10000] [--concurrency 64] [--pg postgres://…/db] [--engine real|trivial]
 *     [--log-commit sync|async] [--db-only]
 *
 * The server runs in a child process (this file with --serve): the real answer engine on the
 * demo pack behind POST /api/chat (or, with --engine trivial, a one-line feature, so the
 * event loop is not saturated by answering and the logging cost shows on its own), SQLite
 * (WAL) in a temp dir or PostgreSQL with --pg. Each
 * mode sends the same concurrent load:
 *   off     the CRM write replaced by a no-op (the baseline)
 *   crm     every interaction logged (the default setup)
 *   outbox  logged + an outbox row in the same transaction, delivered to a signed webhook
 * It prints throughput, end-to-end latency, the time spent inside crm.logInteraction (the
 * added latency of logging) and the lost count. Goal: logging p95 ≤ 2 ms, 0 lost.
 * On PostgreSQL the app writes interaction logs through a pool with synchronous_commit = off;
 * with --log-commit sync the `crm` mode waits for every WAL flush instead. --db-only skips
 * HTTP and the engine: 64 writers call logInteraction directly, sync and async side by side.
 * Both clients go through the same group commit.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFakeWebhook } from '../test/fakes/webhook/create-fake-webhook.js';
import { percentile } from './lib/stats.js';

type Mode = 'off' | 'crm' | 'outbox';
interface Stats {
  logged: number;
  calls: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  outbox: Record<string, number>;
}
const SECRET = 'bench-webhook-secret';
const QUESTIONS = [
  '小蓝罐适合敏感肌吗',
  '紫管眼霜跟隔壁那款比咋样',
  '顾客说包装破了要退货',
  '防晒霜油不油',
  '不粘锅能用铁铲吗',
  '这款面霜多少钱',
];

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? def) : def;
}

/** Child: the app on 127.0.0.1:0 with a stats route; prints READY <port>. */
async function serveMode(
  mode: Mode,
  dataDir: string,
  webhookUrl: string,
  pgUrl: string,
  engine: string,
): Promise<void> {
  const { serve } = await import('@hono/node-server');
  const { openPostgres, openSqlite } = await import('../src/adapters/db/create-db.js');
  const { loadConfig } = await import('../src/config.js');
  const { buildNodeApp } = await import('../src/entry/build-node-app.js');
  const { silentLogger } = await import('../src/ports/logger.js');
  const env: Record<string, string> = {
    DATA_DIR: dataDir,
    KNOWLEDGE_DIR: join(import.meta.dirname, '..', 'knowledge'),
    PII_SALT: 'bench',
  };
  if (mode === 'outbox') Object.assign(env, { CRM_WEBHOOK_URL: webhookUrl, CRM_WEBHOOK_SECRET: SECRET });
  const db = pgUrl ? await openPostgres(pgUrl, 10) : await openSqlite(join(dataDir, 'bench.db'));
  const app = await buildNodeApp({ config: loadConfig(env), logger: silentLogger, db });
  const samples: number[] = [];
  const logCommit = process.env.BENCH_LOG_COMMIT;
  const crm =
    mode === 'crm' && (logCommit === 'sync' || logCommit === 'async')
      ? (await import('../src/adapters/db/sql-crm.js')).createSqlCrm(app.db.db, {
          masker: app.services.pii,
          ids: app.services.ids,
          piiSalt: 'bench',
          ...(logCommit === 'async' && app.db.logDb ? { logDb: app.db.logDb } : {}),
        })
      : app.services.crm;
  app.services.crm = {
    ...crm,
    async logInteraction(r) {
      const t = performance.now();
      if (mode !== 'off') await crm.logInteraction(r);
      samples.push(performance.now() - t);
    },
  };
  let http = app.http;
  if (engine === 'trivial') {
    const { createAssistant } = await import('../src/core/assistant.js');
    const { Composer } = await import('../src/core/composer.js');
    const { createHttpApp } = await import('../src/http/create-http-app.js');
    const features = new Composer().use((ctx) => {
      ctx.respond({
        intent: ctx.intent,
        title: '',
        blocks: [],
        text: '收到',
        products: [],
        sources: [],
        mode: 'structured',
        declined: false,
      });
    });
    http = createHttpApp({ assistant: createAssistant(app.services, features), channels: [] });
  }
  http.get('/bench/stats', async (c) => {
    const row = await app.db.db
      .selectFrom('interactions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    const outbox = await app.db.db
      .selectFrom('outbox')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute();
    return c.json({
      logged: Number(row?.n ?? 0),
      calls: samples.length,
      p50: percentile(samples, 50),
      p95: percentile(samples, 95),
      p99: percentile(samples, 99),
      max: Math.max(...samples),
      outbox: Object.fromEntries(outbox.map((o) => [o.status, Number(o.n)])),
    });
  });
  const server = serve({ fetch: http.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
    process.stdout.write(`READY ${info.port}\n`);
  });
  process.on('SIGTERM', async () => {
    server.close();
    await app.close();
    process.exit(0);
  });
}

async function startChild(
  mode: Mode,
  dataDir: string,
  webhookUrl: string,
  pgUrl: string,
  engine: string,
): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), '--serve', mode, dataDir, webhookUrl, pgUrl || '-', engine],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, BENCH_LOG_COMMIT: arg('log-commit', '') },
    },
  );
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d) => {
      out += d;
      const m = /READY (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`server exited (${code})`)));
  });
  return { child, port };
}

/** Sends `total` requests with `concurrency` in flight; returns per-request latencies and failures. */
async function load(port: number, total: number, concurrency: number) {
  const url = `http://127.0.0.1:${port}/api/chat`;
  const latencies: number[] = [];
  let failed = 0;
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    for (let i = next++; i < total; i = next++) {
      const body = JSON.stringify({ user: `bench-${i % 200}`, text: QUESTIONS[i % QUESTIONS.length] });
      const t = performance.now();
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      await res.arrayBuffer();
      latencies.push(performance.now() - t);
      if (res.status !== 200) failed++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { latencies, failed, seconds: (performance.now() - started) / 1000 };
}

async function main(): Promise<void> {
  const total = Number(arg('requests', '10000'));
  const concurrency = Number(arg('concurrency', '64'));
  const pgUrl = arg('pg', '');
  const engine = arg('engine', 'real');
  const webhook = await createFakeWebhook({ secret: SECRET });
  const rows: string[][] = [];
  for (const mode of ['off', 'crm', 'outbox'] as Mode[]) {
    const dataDir = mkdtempSync(join(tmpdir(), `daogou-bench-crm-${mode}-`));
    if (pgUrl) await resetPg(pgUrl);
    const { child, port } = await startChild(mode, dataDir, webhook.url, pgUrl, engine);
    const receivedBefore = webhook.received.size;
    await load(port, 200, 16); // warm-up: JIT, statement cache, session rows
    const before = (await (await fetch(`http://127.0.0.1:${port}/bench/stats`)).json()) as {
      logged: number;
      calls: number;
    };
    const run = await load(port, total, concurrency);
    let stats = (await (await fetch(`http://127.0.0.1:${port}/bench/stats`)).json()) as Stats;
    if (mode === 'outbox') {
      for (let i = 0; i < 600 && (stats.outbox.pending ?? 0) > 0; i++) {
        await new Promise((r) => setTimeout(r, 100));
        stats = (await (await fetch(`http://127.0.0.1:${port}/bench/stats`)).json()) as Stats;
      }
    }
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
    const expected = mode === 'off' ? 0 : total + before.logged;
    const lost = mode === 'off' ? 0 : expected - stats.logged;
    const enqueued = Object.values(stats.outbox).reduce((a, b) => a + b, 0);
    const delivered =
      mode === 'outbox'
        ? `${webhook.received.size - receivedBefore} of ${enqueued} events (dup ${webhook.duplicates})`
        : '—';
    rows.push([
      mode,
      `${(total / run.seconds).toFixed(0)} req/s`,
      `${percentile(run.latencies, 50).toFixed(1)} / ${percentile(run.latencies, 95).toFixed(1)} ms`,
      mode === 'off' ? '—' : `${stats.p50.toFixed(3)} / ${stats.p95.toFixed(3)} / ${stats.p99.toFixed(3)} ms`,
      String(run.failed),
      String(lost),
      delivered,
    ]);
    process.stdout.write(`${mode}: done\n`);
  }
  await webhook.close();
  process.stdout.write(
    `\nCRM logging through POST /api/chat: ${total} requests, ${concurrency} concurrent, ${pgUrl ? `PostgreSQL (interaction logs: synchronous_commit ${arg('log-commit', 'async') === 'sync' ? 'on' : 'off'})` : 'SQLite (WAL)'}, ${engine} engine; load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}\n`,
  );
  process.stdout.write(
    `${table(['mode', 'throughput', 'e2e p50 / p95', 'logInteraction p50 / p95 / p99', 'HTTP errors', 'lost', 'webhook delivered'], rows)}\n`,
  );
}

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(headers), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

async function resetPg(url: string): Promise<void> {
  const { default: pg } = await import('pg');
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
  await c.end();
}

/** 64 writers calling logInteraction straight on PostgreSQL: the commit cost without HTTP or the engine. */
async function dbOnly(pgUrl: string, total: number, concurrency: number): Promise<void> {
  const { openPostgres } = await import('../src/adapters/db/create-db.js');
  const { createSqlCrm } = await import('../src/adapters/db/sql-crm.js');
  const rows: string[][] = [];
  for (const commit of ['sync', 'async'] as const) {
    await resetPg(pgUrl);
    const db = await openPostgres(pgUrl, 10);
    const crm = createSqlCrm(db.db, { piiSalt: 'bench', ...(commit === 'async' ? { logDb: db.logDb! } : {}) });
    const samples: number[] = [];
    let next = 0;
    const started = performance.now();
    const worker = async () => {
      for (let i = next++; i < total; i = next++) {
        const t = performance.now();
        await crm.logInteraction({
          id: `r${i}`,
          at: Date.now(),
          kind: 'question',
          channel: 'lark',
          storeId: `s${i % 50}`,
          userId: `ou_bench${i % 200}`,
          chatId: `oc_bench${i % 200}`,
          text: QUESTIONS[i % QUESTIONS.length]!,
          intent: 'product_question',
          products: ['sk-calm-cream'],
          sources: [{ id: 'sk-calm-cream', type: 'product', section: '核心卖点' }],
          mode: 'structured',
          declined: false,
          latencyMs: 7,
          answer: '小蓝罐（舒缓修护面霜）适合敏感肌：无香精、无酒精，含积雪草和神经酰胺。'.repeat(3),
        });
        samples.push(performance.now() - t);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const seconds = (performance.now() - started) / 1000;
    rows.push([
      commit === 'sync' ? 'synchronous_commit on' : 'synchronous_commit off (log pool)',
      `${(total / seconds).toFixed(0)} logs/s`,
      `${percentile(samples, 50).toFixed(2)} / ${percentile(samples, 95).toFixed(2)} / ${percentile(samples, 99).toFixed(2)} ms`,
    ]);
    await db.close();
  }
  process.stdout.write(
    `\nlogInteraction straight on PostgreSQL (group commit), ${total} logs, ${concurrency} writers; load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}\n${table(['interaction logs', 'throughput', 'p50 / p95 / p99'], rows)}\n`,
  );
}

if (process.argv.includes('--db-only')) {
  await dbOnly(
    arg('pg', 'postgres://postgres@127.0.0.1:5432/daogou_bench_crm'),
    Number(arg('requests', '10000')),
    Number(arg('concurrency', '64')),
  );
} else if (process.argv[2] === '--serve') {
  const [, , , mode, dataDir, webhookUrl, pg, engine] = process.argv;
  await serveMode(
    mode as Mode,
    dataDir as string,
    webhookUrl as string,
    pg === '-' ? '' : (pg ?? ''),
    engine ?? 'real',
  );
} else {
  await main();
}
