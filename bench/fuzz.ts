/**
 * Fuzz benchmark of the public HTTP surface.
 *
 *   npx tsx bench/fuzz.ts [--count 2000] [--concurrency 8] [--seed 10]
 *
 * The server under test runs in a child process (this file with --serve, node --expose-gc):
 * the standard configuration (SQLite in a temp dir, the demo pack, no LLM) plus the Lark
 * channel (encrypt key + verification token) and the WeCom channel, both talking to the
 * local fakes of their Open APIs in this process. To each of /webhooks/lark,
 * /webhooks/wecom and /api/chat it sends `count` mutated requests — unsigned and validly
 * signed, JSON and XML, deep nesting, prototype keys, huge strings, bad UTF-8, truncation,
 * byte flips, stale timestamps — and prints per target the 5xx count, crashes of the server
 * process and its RSS (after a GC) before and after. Targets: 0, 0 and < 50 MB growth.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeLark } from '../test/fakes/lark/fake-lark.js';
import { startFakeWecom } from '../test/fakes/wecom/fake-wecom-api.js';
import { chatRequest, type FuzzRequest, type FuzzSecrets, larkRequest, wecomRequest } from './lib/fuzz-bodies.js';
import { mulberry32 } from './lib/prng.js';

const SECRETS: FuzzSecrets = {
  lark: { encryptKey: 'fuzz-encrypt-key', token: 'fuzz-verification-token' },
  wecom: { token: 'fuzzToken123', aesKey: '6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt', corpId: 'wwfuzz0000000001' },
};
const LARK_APP = { appId: 'cli_fuzz000000000001', appSecret: 'fuzz-app-secret' };
const WECOM_APP = { secret: 'fuzz-wecom-secret', agentId: 1000002 };

const WARM_UP = 200;
/** The smallest body limit on the fuzzed routes (`/api/chat`, `/webhooks/wecom`). */
const SMALLEST_LIMIT = 64 * 1024;
const WARM_QUESTIONS = [
  '紫管眼霜多少钱',
  '小蓝罐适合敏感肌吗',
  '顾客说包装破了要退货',
  '紫管眼霜跟隔壁那款比咋样',
  '反馈：王女士 13800138000 面霜过敏',
];

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
}

/** Child mode: the app built from the environment like `npm start`; prints READY <port>. */
async function serveMode(larkUrl: string, wecomUrl: string, dataDir: string): Promise<void> {
  const { serve } = await import('@hono/node-server');
  const { loadConfig } = await import('../src/config.js');
  const { buildNodeApp } = await import('../src/entry/build-node-app.js');
  const { silentLogger } = await import('../src/ports/logger.js');
  const root = join(fileURLToPath(import.meta.url), '../..');
  const config = loadConfig({
    DATA_DIR: dataDir,
    KNOWLEDGE_DIR: join(root, 'knowledge'),
    LOG_LEVEL: 'silent',
    ADMIN_TOKEN: 'fuzz-admin',
    LARK_APP_ID: LARK_APP.appId,
    LARK_APP_SECRET: LARK_APP.appSecret,
    LARK_ENCRYPT_KEY: SECRETS.lark.encryptKey,
    LARK_VERIFICATION_TOKEN: SECRETS.lark.token,
    LARK_DOMAIN: larkUrl,
    WECOM_CORP_ID: SECRETS.wecom.corpId,
    WECOM_AGENT_ID: String(WECOM_APP.agentId),
    WECOM_SECRET: WECOM_APP.secret,
    WECOM_TOKEN: SECRETS.wecom.token,
    WECOM_AES_KEY: SECRETS.wecom.aesKey,
    WECOM_API_BASE: wecomUrl,
  });
  const app = await buildNodeApp({ config, logger: silentLogger });
  for (const ch of app.channels) await ch.start?.();
  serve({ fetch: app.http.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
    process.stdout.write(`READY ${info.port}\n`);
  });
  process.once('disconnect', () => process.exit(0));
  process.on('message', (m) => {
    if (m !== 'rss') return;
    // Let accepted events finish (answers, replies to the fakes), then measure what is held.
    const busy = app.channels.map((ch) => (ch as { idle?: () => Promise<void> }).idle?.());
    void Promise.all(busy).then(() =>
      setTimeout(() => {
        (globalThis as { gc?: () => void }).gc?.();
        const m = process.memoryUsage();
        process.send?.({ rss: m.rss, heap: m.heapUsed, external: m.external });
      }, 1500),
    );
  });
}

function startServer(larkUrl: string, wecomUrl: string, dataDir: string): Promise<ChildProcess & { port: number }> {
  const child = spawn(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), '--serve', larkUrl, wecomUrl, dataDir],
    { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /READY (\d+)/.exec(out);
      if (m) resolve(Object.assign(child, { port: Number(m[1]) }));
    });
    child.once('exit', (code) => reject(new Error(`server exited early with code ${code}`)));
  });
}

interface Memory {
  rss: number;
  heap: number;
  external: number;
}

const memoryOf = (child: ChildProcess) =>
  new Promise<Memory>((resolve) => {
    child.once('message', (m) => resolve(m as Memory));
    child.send('rss');
  });

interface Outcome {
  status: number;
  error?: string;
}

const guarded = new WeakSet<object>();

function send(port: number, agent: Agent, r: FuzzRequest): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = request(
      { host: '127.0.0.1', port, method: r.method, path: r.path, headers: r.headers, agent, timeout: 30_000 },
      (res) => {
        res.resume();
        res.once('end', () => resolve({ status: res.statusCode ?? 0 }));
      },
    );
    req.once('timeout', () => req.destroy(new Error('timeout')));
    // A refusal can close the connection mid-write (EPIPE) after the response was read.
    req.once('socket', (socket) => {
      if (guarded.has(socket)) return;
      guarded.add(socket);
      socket.on('error', () => undefined);
    });
    // A refusal (413) may close the connection while the body is still being written.
    req.on('error', (err) => resolve({ status: 0, error: (err as NodeJS.ErrnoException).code ?? err.message }));
    if (r.body !== undefined) req.end(typeof r.body === 'string' ? r.body : Buffer.from(r.body));
    else req.end();
  });
}

async function fuzzMode(): Promise<void> {
  const count = arg('count', 2000);
  const concurrency = arg('concurrency', 8);
  const seed = arg('seed', 10);
  const lark = await startFakeLark({ appId: LARK_APP.appId, appSecret: LARK_APP.appSecret });
  const wecom = await startFakeWecom({
    corpId: SECRETS.wecom.corpId,
    secret: WECOM_APP.secret,
    agentId: WECOM_APP.agentId,
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'daogou-fuzz-'));
  const child = await startServer(lark.url, wecom.url, dataDir);
  let crashed = 0;
  child.once('exit', (code, signal) => {
    crashed++;
    process.stderr.write(`server process exited (code ${code}, signal ${signal})\n`);
  });
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const random = mulberry32(seed);
  const nowS = () => Math.floor(Date.now() / 1000);
  // Warm-up with valid traffic, so lazily built state (segmenter, models, caches) is not
  // counted as growth: the question is what the fuzzing leaves behind.
  for (let n = 0; n < WARM_UP; n++) {
    await send(child.port, agent, {
      kind: 'warm',
      method: 'POST',
      path: '/api/chat',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: `warm-${n % 10}`, text: WARM_QUESTIONS[n % WARM_QUESTIONS.length] }),
    });
  }
  const before = await memoryOf(child);
  const targets: [string, (n: number) => FuzzRequest][] = [
    [
      '/webhooks/lark',
      (n) => {
        const r = larkRequest(random, SECRETS.lark, n, nowS());
        lark.seedMessage(`om_fuzz${n}`, `oc_fuzz${n % 20}`);
        return r;
      },
    ],
    ['/webhooks/wecom', (n) => wecomRequest(random, SECRETS.wecom, n, nowS())],
    ['/api/chat', () => chatRequest(random)],
  ];
  const rows: string[][] = [];
  const mb = (b: number) => (b / 1024 / 1024).toFixed(1);
  const started = performance.now();
  for (const [target, make] of targets) {
    const statuses = new Map<number, number>();
    const errors = new Map<string, number>();
    // A reset is expected only when a body over the limit is refused while still being sent.
    let unexpectedResets = 0;
    let next = 0;
    const worker = async () => {
      while (next < count && crashed === 0) {
        const n = next++;
        const req = make(n);
        const o = await send(child.port, agent, req);
        statuses.set(o.status, (statuses.get(o.status) ?? 0) + 1);
        if (o.error) {
          errors.set(o.error, (errors.get(o.error) ?? 0) + 1);
          const bytes = typeof req.body === 'string' ? Buffer.byteLength(req.body) : (req.body?.length ?? 0);
          if (bytes <= SMALLEST_LIMIT) unexpectedResets++;
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const fiveXx = [...statuses].filter(([s]) => s >= 500).reduce((a, [, c]) => a + c, 0);
    const hist = [...statuses]
      .sort((a, b) => a[0] - b[0])
      .map(([s, c]) => `${s || 'conn'}:${c}`)
      .join(' ');
    const mem = crashed ? undefined : await memoryOf(child);
    rows.push([
      target,
      String(count),
      String(fiveXx),
      hist,
      [...errors].map(([e, c]) => `${e}:${c}`).join(' ') || '-',
      String(unexpectedResets),
      mem ? mb(mem.rss) : '-',
    ]);
  }
  const seconds = (performance.now() - started) / 1000;
  const after = crashed ? { rss: Number.NaN, heap: Number.NaN, external: Number.NaN } : await memoryOf(child);
  process.stdout.write(
    `\nfuzz: ${count} requests per target, concurrency ${concurrency}, seed ${seed}, ${seconds.toFixed(1)} s\n\n`,
  );
  process.stdout.write(
    '| target | sent | 5xx | statuses (conn = reset while sending) | connection errors | resets under 64 KB | RSS after (MB) |\n|---|---:|---:|---|---|---:|---:|\n',
  );
  for (const r of rows) process.stdout.write(`| ${r.join(' | ')} |\n`);
  process.stdout.write(
    `\ncrashes: ${crashed}\nserver RSS after GC: before ${mb(before.rss)} MB, after ${mb(after.rss)} MB, growth ${mb(after.rss - before.rss)} MB` +
      ` (JS heap ${mb(before.heap)} → ${mb(after.heap)} MB, external ${mb(before.external)} → ${mb(after.external)} MB)\n`,
  );
  const total5xx = rows.reduce((a, r) => a + Number(r[2]), 0);
  const resets = rows.reduce((a, r) => a + Number(r[5]), 0);
  const ok = total5xx === 0 && resets === 0 && crashed === 0 && after.rss - before.rss < 50 * 1024 * 1024;
  process.stdout.write(`targets (0 5xx, 0 crashes, < 50 MB growth): ${ok ? 'met' : 'NOT met'}\n`);
  agent.destroy();
  child.kill('SIGTERM');
  await lark.close();
  await wecom.close();
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(ok ? 0 : 1);
}

if (process.argv.includes('--serve')) {
  const i = process.argv.indexOf('--serve');
  void serveMode(process.argv[i + 1] ?? '', process.argv[i + 2] ?? '', process.argv[i + 3] ?? '');
} else {
  void fuzzMode();
}
