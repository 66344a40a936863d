/**
 * Lark webhook ack benchmark.
 *
 *   npx tsx bench/lark-ack.ts [--rate 300] [--duration 20] [--retry-every 10] [--drain 480] [--data-root /dev/shm]
 *
 * The server under test runs in a child process (this file with --serve): the real answer
 * engine on the demo pack, SQLite in a temp dir, the Lark channel signed+encrypted, talking
 * to a fake Lark Open API in this process. An open-loop generator (autocannon's fixed rate,
 * minus its bursts) delivers signed, encrypted im.message.receive_v1 events at a fixed
 * rate over keep-alive connections (every Nth one a Lark re-push of an earlier
 * event: same event_id, fresh timestamp/nonce/signature), then we wait for the replies and
 * count, per event, the replies the fake received: exactly once, lost, duplicated.
 * Goal: ack p99 ≤ 15 ms, 0 lost, 0 duplicated.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDelivery, type Delivery, messageEvent } from '../test/fakes/lark/build-delivery.js';
import { type FakeLark, startFakeLark } from '../test/fakes/lark/fake-lark.js';

const APP_ID = 'cli_bench00000000001';
const APP_SECRET = 'bench-secret';
const ENCRYPT_KEY = 'bench-encrypt-key';
const TOKEN = 'bench-verification-token';
const QUESTIONS = [
  '紫管眼霜跟隔壁那款比咋样',
  '小蓝罐适合敏感肌吗',
  '顾客说包装破了要退货',
  '防晒霜油不油',
  '这款面霜多少钱',
];

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
}

/** Child mode: the app with the Lark channel, listening on 127.0.0.1:0; prints READY <port>. */
async function serveMode(fakeUrl: string, dataDir: string): Promise<void> {
  const { serve } = await import('@hono/node-server');
  const { openSqlite } = await import('../src/adapters/db/create-db.js');
  const { loadConfig } = await import('../src/config.js');
  const { buildNodeApp } = await import('../src/entry/build-node-app.js');
  const { createLarkChannel } = await import('../src/channels/lark/create-lark-channel.js');
  const { createHttpApp } = await import('../src/http/create-http-app.js');
  const { silentLogger } = await import('../src/ports/logger.js');
  const root = join(fileURLToPath(import.meta.url), '../..');
  const config = loadConfig({
    DATA_DIR: dataDir,
    KNOWLEDGE_DIR: join(root, 'knowledge'),
    PII_SALT: 'bench',
    LOG_LEVEL: 'silent',
  });
  const app = await buildNodeApp({
    config,
    logger: silentLogger,
    db: await openSqlite(join(dataDir, 'daogou.db')),
    channels: [],
  });
  const lark = createLarkChannel({
    appId: APP_ID,
    appSecret: APP_SECRET,
    domain: fakeUrl,
    encryptKey: ENCRYPT_KEY,
    verificationToken: TOKEN,
    assistant: app.assistant,
    logger: silentLogger,
  });
  await lark.start?.();
  const http = createHttpApp({ assistant: app.assistant, channels: [lark] });
  const server = serve({ fetch: http.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
    process.stdout.write(`READY ${info.port}\n`);
  });
  // Server-side view: from the parsed request to the last byte written.
  const serverMs: number[] = [];
  const { monitorEventLoopDelay, PerformanceObserver } = await import('node:perf_hooks');
  const gcMs: number[] = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcMs.push(e.duration);
  }).observe({ entryTypes: ['gc'] });
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  server.on('request', (_req, res) => {
    const t0 = performance.now();
    res.once('finish', () => serverMs.push(performance.now() - t0));
  });
  // Never outlive the benchmark process.
  process.once('disconnect', () => process.exit(0));
  process.on('message', (m) => {
    if (m === 'stats') process.send?.({ serverMs, gcMs, loopP99: loop.percentile(99) / 1e6, loopMax: loop.max / 1e6 });
  });
  process.once('SIGTERM', async () => {
    server.close();
    await lark.stop?.();
    await app.close();
    process.exit(0);
  });
}

function startServer(fakeUrl: string, dataDir: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), '--serve', fakeUrl, dataDir],
    {
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /READY (\d+)/.exec(out);
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.once('exit', (code) => reject(new Error(`server exited early with code ${code}`)));
  });
}

/**
 * Open-loop load (what autocannon's fixed rate intends, without its per-connection bursts):
 * request i is due at start + i/rate whatever happened before; latency counts from the due
 * time, so a stalled server or client cannot hide its delay (no coordinated omission).
 */
async function deliverAtFixedRate(
  port: number,
  deliveries: Delivery[],
  rate: number,
): Promise<{ latencies: number[]; statuses: Map<number, number>; errors: number; seconds: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let errors = 0;
  const start = performance.now();
  const inflight: Promise<void>[] = [];
  for (const [i, d] of deliveries.entries()) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inflight.push(
      new Promise<void>((resolve) => {
        const req = request(
          { host: '127.0.0.1', port, path: '/webhooks/lark', method: 'POST', headers: d.headers, agent },
          (res) => {
            res.resume();
            res.on('end', () => {
              latencies.push(performance.now() - due);
              statuses.set(res.statusCode ?? 0, (statuses.get(res.statusCode ?? 0) ?? 0) + 1);
              resolve();
            });
          },
        );
        req.on('error', () => {
          errors++;
          resolve();
        });
        req.end(d.body);
      }),
    );
  }
  await Promise.all(inflight);
  agent.destroy();
  return { latencies, statuses, errors, seconds: (performance.now() - start) / 1000 };
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function benchMode(): Promise<void> {
  const rate = arg('rate', 300);
  const duration = arg('duration', 20);
  const retryEvery = arg('retry-every', 10);
  const drainSec = arg('drain', 480);
  const total = rate * duration;
  const fake: FakeLark = await startFakeLark({ appId: APP_ID, appSecret: APP_SECRET });
  const di = process.argv.indexOf('--data-root');
  const dataRoot = di > 0 ? process.argv[di + 1]! : tmpdir();
  const dataDir = mkdtempSync(join(dataRoot, 'daogou-bench-lark-'));
  const { child, port } = await startServer(fake.url, dataDir);

  // Pre-build every delivery so generating them costs nothing during the run.
  const nowSec = () => Math.floor(Date.now() / 1000);
  const events: { messageId: string; payload: Record<string, unknown> }[] = [];
  const deliveries: Delivery[] = [];
  for (let i = 0; i < total; i++) {
    if (retryEvery > 0 && i % retryEvery === retryEvery - 1 && events.length > 50) {
      const earlier = events[events.length - 50]!;
      deliveries.push(buildDelivery(earlier.payload, { encryptKey: ENCRYPT_KEY, timestampSec: nowSec() }));
      continue;
    }
    const n = events.length;
    const messageId = `om_bench${n.toString().padStart(8, '0')}`;
    const chatId = `oc_bench${n % 500}`;
    fake.seedMessage(messageId, chatId);
    const payload = messageEvent({
      eventId: `ev_bench_${n}`,
      token: TOKEN,
      messageId,
      chatId,
      chatType: 'p2p',
      senderOpenId: `ou_user${n % 500}`,
      text: QUESTIONS[n % QUESTIONS.length]!,
    });
    events.push({ messageId, payload });
    deliveries.push(buildDelivery(payload, { encryptKey: ENCRYPT_KEY, timestampSec: nowSec() }));
  }

  const run = await deliverAtFixedRate(port, deliveries, rate);
  child.send?.('stats');
  const server = (await new Promise((r) => child.once('message', r))) as {
    serverMs: number[];
    loopP99: number;
    loopMax: number;
    gcMs: number[];
  };

  // Replies go out at Lark's pace (≤ 50/s and ≤ 1000/min per app): wait for them.
  const drainStart = Date.now();
  const answered = () => events.filter((e) => fake.repliesTo(e.messageId).length > 0).length;
  while (answered() < events.length && Date.now() - drainStart < drainSec * 1000)
    await new Promise((r) => setTimeout(r, 500));
  await new Promise((r) => setTimeout(r, 2000)); // late duplicates, if any, would show up now
  const drainSecTaken = (Date.now() - drainStart) / 1000;

  let once = 0;
  let lost = 0;
  let duplicated = 0;
  for (const e of events) {
    const n = fake.repliesTo(e.messageId).length;
    if (n === 1) once++;
    else if (n === 0) lost++;
    else duplicated++;
  }
  const refusals = new Map<string, number>();
  for (const c of fake.calls) {
    if (c.code === 230020 || c.code === 99991400) refusals.set(`${c.code}`, (refusals.get(`${c.code}`) ?? 0) + 1);
  }
  const rejected = [...refusals].map(([code, n]) => `${code}×${n}`).join(' ') || 'none';
  const lat = [...run.latencies].sort((a, b) => a - b);
  const srv = [...server.serverMs].sort((a, b) => a - b);
  const f = (n: number) => n.toFixed(1);
  const p99 = pct(lat, 99);
  const lines = [
    `Lark webhook ack benchmark: ${rate}/s for ${duration}s (${total} deliveries, ${total - events.length} of them Lark re-pushes), open-loop fixed rate, signed + encrypted, data in ${dataRoot}`,
    `  load phase        ${run.seconds.toFixed(1)} s, HTTP ${[...run.statuses].map(([s, n]) => `${s}×${n}`).join(' ')}, errors ${run.errors}`,
    `  ack latency (ms)  p50 ${f(pct(lat, 50))}  p90 ${f(pct(lat, 90))}  p99 ${f(p99)}  p99.9 ${f(pct(lat, 99.9))}  max ${f(lat.at(-1) ?? Number.NaN)}  (client, from the scheduled send time)`,
    `  server side (ms)  handler p50 ${f(pct(srv, 50))}  p99 ${f(pct(srv, 99))}; event-loop delay p99 ${f(server.loopP99)} max ${f(server.loopMax)}; GC pauses ${server.gcMs.length}, max ${f(Math.max(0, ...server.gcMs))}`,
    `  events            ${events.length} unique: answered exactly once ${once}, lost ${lost}, duplicated ${duplicated}`,
    `  drain             ${drainSecTaken.toFixed(1)} s after the load (replies paced at Lark's ≤ 50/s, ≤ 1000/min); ${fake.calls.length} API calls; rate-limit refusals (retried): ${rejected}; repeats absorbed by the send uuid: ${fake.uuidRepeats}`,
    `  goal              p99 ≤ 15 ms: ${p99 <= 15 ? 'MET' : 'MISSED'}; 0 lost: ${lost === 0 ? 'MET' : 'MISSED'}; 0 duplicated: ${duplicated === 0 ? 'MET' : 'MISSED'}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  await fake.close();
  rmSync(dataDir, { recursive: true, force: true });
}

if (process.argv.includes('--serve')) {
  const i = process.argv.indexOf('--serve');
  await serveMode(process.argv[i + 1]!, process.argv[i + 2]!);
} else {
  await benchMode();
}
