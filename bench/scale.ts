/**
 * Many Node instances on one PostgreSQL, under load and SIGKILLs.
 *
 *   npx tsx bench/scale.ts [--instances 3] [--rate 300] [--duration 60] [--kill-every 15]
 *     [--repush 0.10] [--repeat 0.05] [--timers 10] [--apps 20] [--engine real|trivial]
 *     [--drain 600] [--pg postgres://postgres@127.0.0.1:5432/postgres] [--seed 12] [--split [--nice-answer 10]]
 *
 * N instances (bench/lib/scale-instance.ts: the app as `npm start` wires it, on a fresh
 * PostgreSQL database) sit behind a round-robin proxy (bench/lib/round-robin-proxy.ts). An
 * open-loop generator sends signed, encrypted im.message.receive_v1 deliveries at a fixed
 * rate: of them, `repush` are Lark re-pushes of an earlier event (same event_id) sent to a
 * different instance than the first delivery, and `repeat` are the same message again under
 * a new event_id. A delivery that fails or takes longer than Lark's 3 s is re-pushed 15 s
 * later, as Lark does. `timers` durable timers per second fall due during the load; each
 * sends one message. Every `kill-every` seconds one instance (in turn) gets SIGKILL and is
 * started again at once. With --split each instance is two processes, INSTANCE_ROLE=ingress
 * (behind the proxy, acks only) and INSTANCE_ROLE=answer (claims from the inbox), killed
 * together; --nice-answer gives the answering processes a lower CPU priority (what a
 * smaller CPU share does in a cluster), so acks come first. The fake Lark Open API enforces its per-app quotas multiplied by
 * `apps` (the number of bot apps docs/scale.md plans for); each instance takes 1/N of it.
 *
 * Prints ack p50/p99 (client side, through the proxy, from the scheduled send time),
 * messages answered exactly once / lost / duplicated, timers fired once / never / twice, and
 * per kill the time until nothing the dead instance held is still leased to it.
 */
import { type ChildProcess, type Serializable, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openPostgres } from '../src/adapters/db/create-db.js';
import { createSqlJobs } from '../src/adapters/db/sql-jobs.js';
import { randomIds } from '../src/ports/ids.js';
import { buildDelivery, type Delivery, messageEvent } from '../test/fakes/lark/build-delivery.js';
import type { FakeLarkOptions } from '../test/fakes/lark/fake-types.js';
import type { FakeLarkTally } from './lib/fake-lark-process.js';
import { mulberry32 } from './lib/prng.js';
import type { ScaleInstanceArgs } from './lib/scale-instance.js';

const APP_ID = 'cli_benchscale000001';
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
const ROOT = join(fileURLToPath(import.meta.url), '../..');

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? def) : def;
}
const num = (name: string, def: number) => Number(arg(name, String(def)));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
};

/** One instance: one process (role all), or with --split an ingress and an answering process. */
interface Running {
  children: ChildProcess[];
  /** Port of the process that takes webhooks. */
  port: number;
  /** Lease holder of the process that answers. */
  owner: string;
}

function spawnChild(
  script: string,
  args: string[],
  ipc: boolean,
  nice = 0,
): Promise<{ child: ChildProcess; line: string[] }> {
  // BENCH_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") goes to every child process.
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const argv = [...nodeArgs, '--import', 'tsx', join(ROOT, script), ...args];
  // A lower CPU priority (as a smaller CPU share would in a cluster) for answering processes.
  const [cmd, cmdArgs] = nice ? ['nice', ['-n', String(nice), process.execPath, ...argv]] : [process.execPath, argv];
  const child = spawn(cmd, cmdArgs, {
    stdio: ipc ? ['ignore', 'pipe', 'inherit', 'ipc'] : ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /READY ([^\n]+)\n/.exec(out);
      if (m) {
        child.stdout?.off('data', onData);
        resolve({ child, line: m[1]!.split(' ') });
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code, sig) => reject(new Error(`${script} exited before READY (${code ?? sig})`)));
  });
}

async function createDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `daogou_bench_scale_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    url: adminUrl.replace(/\/[^/]*$/, `/${name}`),
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

interface Sent {
  messageId: string;
  payload: Record<string, unknown>;
  /** Instance that acked the first delivery. */
  upstream?: number;
}

async function main(): Promise<void> {
  const n = num('instances', 3);
  const rate = num('rate', 300);
  const duration = num('duration', 60);
  const killEvery = num('kill-every', 15);
  const repush = num('repush', 0.1);
  const repeat = num('repeat', 0.05);
  const timersPerSec = num('timers', 10);
  const apps = num('apps', 20);
  const drainSec = num('drain', 600);
  const engine = arg('engine', 'real') as 'real' | 'trivial';
  const split = process.argv.includes('--split');
  const niceAnswer = num('nice-answer', 0);
  const random = mulberry32(num('seed', 12));
  const load0 = loadavg();

  const database = await createDatabase(arg('pg', 'postgres://postgres@127.0.0.1:5432/postgres'));
  const db = await openPostgres(database.url, 4); // migrates before any instance starts
  const dataDir = mkdtempSync(join(tmpdir(), 'daogou-bench-scale-'));
  const fakeOptions: FakeLarkOptions = {
    appId: APP_ID,
    appSecret: APP_SECRET,
    perApiLimit: 50 * apps,
    perApiPerMinute: 1000 * apps,
  };
  const fake = await spawnChild('bench/lib/fake-lark-process.ts', [JSON.stringify(fakeOptions)], true);
  const ask = <T>(m: unknown): Promise<T> =>
    new Promise((resolve) => {
      fake.child.once('message', (r) => resolve(r as T));
      fake.child.send(m as Serializable);
    });
  const instanceArgs: ScaleInstanceArgs = {
    fakeUrl: fake.line[0]!,
    pgUrl: database.url,
    dataDir,
    knowledgeDir: join(ROOT, 'knowledge'),
    instances: n,
    apps,
    engine,
    timerHoldMs: 300,
    appId: APP_ID,
    appSecret: APP_SECRET,
    encryptKey: ENCRYPT_KEY,
    token: TOKEN,
    role: 'all',
  };
  const spawnRole = (role: ScaleInstanceArgs['role']) =>
    spawnChild(
      'bench/lib/scale-instance.ts',
      [JSON.stringify({ ...instanceArgs, role })],
      true,
      role === 'answer' ? niceAnswer : 0,
    );
  const startInstance = async (): Promise<Running> => {
    if (!split) {
      const { child, line } = await spawnRole('all');
      return { children: [child], port: Number(line[0]), owner: line[1]! };
    }
    const [answer, ingress] = await Promise.all([spawnRole('answer'), spawnRole('ingress')]);
    return { children: [ingress.child, answer.child], port: Number(ingress.line[0]), owner: answer.line[1]! };
  };
  // The first instance writes the index under DATA_DIR; the others (and restarts) load it.
  const instances: (Running | null)[] = [await startInstance()];
  for (let i = 1; i < n; i++) instances.push(await startInstance());
  const proxy = await spawnChild('bench/lib/round-robin-proxy.ts', [], true);
  const proxyPort = Number(proxy.line[0]);
  const announce = () => proxy.child.send({ upstreams: instances.map((r) => r?.port ?? null) });
  announce();

  // What to send, decided and built (encrypted, signed) up front so the generator stays light.
  type Plan = { kind: 'new' | 'repush' | 'repeat'; ref: number; delivery: Delivery };
  const seed: [string, string][] = [];
  const signed = (payload: unknown): Delivery =>
    buildDelivery(payload, { encryptKey: ENCRYPT_KEY, timestampSec: Math.floor(Date.now() / 1000) });
  const sent: Sent[] = [];
  const plan: Plan[] = [];
  const total = rate * duration;
  for (let i = 0; i < total; i++) {
    const r = random();
    const earlier = sent.length > 600 ? sent.length - 300 - Math.floor(random() * 300) : -1;
    if (earlier >= 0 && r < repush)
      plan.push({ kind: 'repush', ref: earlier, delivery: signed(sent[earlier]!.payload) });
    else if (earlier >= 0 && r < repush + repeat) {
      const s = sent[earlier]!;
      const header = { ...(s.payload.header as Record<string, unknown>), event_id: `ev_scale_repeat_${i}` };
      plan.push({ kind: 'repeat', ref: earlier, delivery: signed({ ...s.payload, header }) });
    } else {
      const k = sent.length;
      const messageId = `om_scale${k.toString().padStart(8, '0')}`;
      const chatId = `oc_scale${k % 2000}`;
      seed.push([messageId, chatId]);
      sent.push({
        messageId,
        payload: messageEvent({
          eventId: `ev_scale_${k}`,
          token: TOKEN,
          messageId,
          chatId,
          chatType: 'p2p',
          senderOpenId: `ou_user${k % 2000}`,
          text: QUESTIONS[k % QUESTIONS.length]!,
        }),
      });
      plan.push({ kind: 'new', ref: k, delivery: signed(sent[k]!.payload) });
    }
  }
  await ask<string>({ seed });

  // Durable timers falling due during the load, scheduled before it starts.
  const loadStart = Date.now() + 5000;
  const timerCount = Math.round(timersPerSec * duration);
  const jobs = createSqlJobs(db.db, { now: Date.now, ids: randomIds });
  const timerDue: number[] = [];
  for (let t = 0; t < timerCount; t++) {
    const runAt = loadStart + 1000 + Math.floor((t * 1000) / timersPerSec);
    timerDue.push(runAt);
    await jobs.schedule({
      name: 'bench.timer',
      key: `bench-timer-${t}`,
      runAt,
      payload: { chat: `oc_timer_${t}`, n: t },
    });
  }

  const agent = new Agent({ keepAlive: true, maxSockets: 512 });
  const latencies: number[] = [];
  const statuses = new Map<string, number>();
  let larkRetries = 0;
  const inflight = new Set<Promise<void>>();
  const count = (k: string) => statuses.set(k, (statuses.get(k) ?? 0) + 1);

  /** One delivery as Lark makes it; a failure or a reply slower than 3 s is re-pushed 15 s later. */
  function deliver(
    payload: Record<string, unknown>,
    due: number,
    avoid?: number,
    onAck?: (i: number) => void,
    prebuilt?: Delivery,
  ): void {
    const { body, headers } =
      prebuilt ??
      buildDelivery(payload, {
        encryptKey: ENCRYPT_KEY,
        timestampSec: Math.floor(Date.now() / 1000),
      });
    if (avoid !== undefined) headers['x-bench-avoid'] = String(avoid);
    const p = new Promise<void>((resolve) => {
      const retry = () => {
        larkRetries++;
        setTimeout(() => deliver(payload, performance.now()), 15_000);
        resolve();
      };
      const req = request(
        { host: '127.0.0.1', port: proxyPort, path: '/webhooks/lark', method: 'POST', headers, agent },
        (res) => {
          res.resume();
          res.on('end', () => {
            const ms = performance.now() - due;
            latencies.push(ms);
            count(String(res.statusCode));
            if (res.statusCode !== 200 || ms > 3000) return retry();
            onAck?.(Number(res.headers['x-bench-upstream']));
            resolve();
          });
        },
      );
      req.on('error', () => {
        count('error');
        retry();
      });
      req.end(body);
    });
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
  }

  // Kills: every killEvery seconds of the load, the next instance in turn.
  const kills: { idx: number; owner: string; at: number; held?: number; takeoverMs?: number; restartMs?: number }[] =
    [];
  const watcher = new pg.Pool({ connectionString: database.url, max: 4 });
  async function heldBy(owner: string): Promise<number> {
    const r = await watcher.query(
      `select (select count(*) from inbox_events where lease_owner = $1 and status = 'pending')
            + (select count(*) from jobs where locked_by = $1 and status = 'pending') as n`,
      [owner],
    );
    return Number(r.rows[0].n);
  }
  // CPU used by instances (those killed included), to size a deployment from.
  interface InstanceStats {
    cpuMs: number;
    startMs: number;
    handled: number;
    requests: number;
    serverMs: number[];
    loopP99Ms: number;
    loopMaxMs: number;
    rssMb: number;
  }
  const usage = {
    cpuMs: 0,
    startMs: 0,
    handled: 0,
    requests: 0,
    serverMs: [] as number[],
    loop: [] as string[],
    rssMb: [] as number[],
  };
  async function collect(r: Running): Promise<void> {
    for (const child of r.children) await collectOne(child);
  }
  async function collectOne(child: ChildProcess): Promise<void> {
    const got = await new Promise<InstanceStats | undefined>((resolve) => {
      const t = setTimeout(() => resolve(undefined), 2000);
      child.once('message', (m) => {
        clearTimeout(t);
        resolve(m as InstanceStats);
      });
      child.send('stats');
    });
    if (!got) return;
    usage.cpuMs += got.cpuMs;
    usage.startMs += got.startMs;
    usage.handled += got.handled;
    usage.requests += got.requests;
    for (const ms of got.serverMs) usage.serverMs.push(ms);
    usage.rssMb.push(got.rssMb);
    usage.loop.push(`${got.loopP99Ms.toFixed(0)}/${got.loopMaxMs.toFixed(0)}`);
  }
  async function killAndRestart(idx: number): Promise<void> {
    const victim = instances[idx]!;
    await collect(victim);
    const k: (typeof kills)[number] = { idx, owner: victim.owner, at: Date.now() };
    kills.push(k);
    for (const c of victim.children) c.kill('SIGKILL');
    const restart = startInstance().then((r) => {
      instances[idx] = r;
      announce();
      k.restartMs = Date.now() - k.at;
    });
    k.held = await heldBy(k.owner);
    while (Date.now() - k.at < 120_000) {
      if ((await heldBy(k.owner)) === 0) {
        k.takeoverMs = Date.now() - k.at;
        break;
      }
      await sleep(200);
    }
    await restart;
  }

  await sleep(Math.max(0, loadStart - Date.now()));
  const t0 = performance.now();
  const killTasks: Promise<void>[] = [];
  const killTimers: ReturnType<typeof setTimeout>[] = [];
  for (let k = 1; k * killEvery <= duration; k++)
    killTimers.push(setTimeout(() => killTasks.push(killAndRestart((k - 1) % n)), k * killEvery * 1000));
  for (const [i, p] of plan.entries()) {
    const due = t0 + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const s = sent[p.ref]!;
    if (p.kind === 'new')
      deliver(
        s.payload,
        due,
        undefined,
        (u) => {
          s.upstream = u;
        },
        p.delivery,
      );
    else if (p.kind === 'repush') deliver(s.payload, due, s.upstream, undefined, p.delivery);
    else deliver(s.payload, due, undefined, undefined, p.delivery);
  }
  const loadSeconds = (performance.now() - t0) / 1000;
  for (const t of killTimers) clearTimeout(t);
  const load1 = loadavg();

  // Drain: every message answered and every timer fired (or the drain limit), then a few
  // seconds more for late duplicates.
  async function tally() {
    const t = await ask<FakeLarkTally>('tally');
    return {
      answers: (messageId: string) => t.answers[messageId] ?? 0,
      timerSends: (i: number) => (t.timerSends[`oc_timer_${i}`] ?? []).map((at) => ({ at })),
      uuidRepeats: t.uuidRepeats,
    };
  }
  const drainStart = Date.now();
  const pending = async () => {
    const t = await tally();
    return (
      sent.filter((s) => t.answers(s.messageId) === 0).length +
      timerDue.filter((_, i) => t.timerSends(i).length === 0).length
    );
  };
  while (((await pending()) > 0 || inflight.size > 0) && Date.now() - drainStart < drainSec * 1000) await sleep(1000);
  await Promise.all(killTasks);
  await sleep(5000);
  const { answers, timerSends, uuidRepeats } = await tally();
  const proxyErrors = await new Promise<Record<string, number>>((resolve) => {
    proxy.child.once('message', (m) => resolve(m as Record<string, number>));
    proxy.child.send('stats');
  });
  for (const r of instances) if (r) await collect(r);
  const sizes = await watcher.query(
    `select t, (xpath('/row/n/text()', query_to_xml('select count(*) as n from ' || t, false, true, '')))[1]::text::int as n,
            pg_total_relation_size(t::regclass) as bytes
       from unnest(array['inbox_events', 'interactions', 'jobs', 'kv']) as t`,
  );
  const dbBytes = Number((await watcher.query('select pg_database_size(current_database()) as b')).rows[0].b);
  const drainSeconds = (Date.now() - drainStart) / 1000;

  let once = 0;
  let lost = 0;
  let duplicated = 0;
  for (const s of sent) {
    const a = answers(s.messageId);
    if (a === 1) once++;
    else if (a === 0) lost++;
    else duplicated++;
  }
  let timersOnce = 0;
  let timersNever = 0;
  let timersTwice = 0;
  const lateness: number[] = [];
  for (const [t, due] of timerDue.entries()) {
    const got = timerSends(t);
    if (got.length === 1) timersOnce++;
    else if (got.length === 0) timersNever++;
    else timersTwice++;
    if (got[0]) lateness.push(got[0].at - due);
  }
  const repushes = plan.filter((p) => p.kind === 'repush').length;
  const repeats = plan.filter((p) => p.kind === 'repeat').length;
  const f = (x: number) => x.toFixed(1);
  const p99 = pct(latencies, 99);
  const takeovers = kills.filter((k) => k.takeoverMs !== undefined && (k.held ?? 0) > 0);
  const maxTakeover = Math.max(0, ...takeovers.map((k) => k.takeoverMs!));
  const allTakenOver = kills.every((k) => k.held === 0 || k.takeoverMs !== undefined);
  const la = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
  const lines = [
    `Scale benchmark: ${n} instances${split ? ` (each an ingress and an answering process${niceAnswer ? `, answering at nice ${niceAnswer}` : ''})` : ''} on one PostgreSQL behind a round-robin proxy, ${engine} engine; ${rate} signed Lark deliveries/s for ${duration} s (${total}: ${sent.length} messages, ${repushes} re-pushes to another instance, ${repeats} repeats under a new event_id); ${timerCount} timers; SIGKILL + restart every ${killEvery} s; Lark quota of ${apps} apps`,
    `  machine           load average ${la(load0)} before, ${la(load1)} after the load (1/5/15 min)`,
    `  load phase        ${loadSeconds.toFixed(1)} s; HTTP ${[...statuses].map(([s, c]) => `${s}×${c}`).join(' ')}; re-pushed after a failure (as Lark, 15 s later): ${larkRetries}; proxy upstream errors: ${
      Object.entries(proxyErrors)
        .map(([c, k]) => `${c}×${k}`)
        .join(' ') || 'none'
    }`,
    `  instances (ms)    webhook handler p50 ${f(pct(usage.serverMs, 50))} p99 ${f(pct(usage.serverMs, 99))}; event-loop delay p99/max per instance run: ${usage.loop.join(', ')}`,
    `  ack (ms)          p50 ${f(pct(latencies, 50))}  p90 ${f(pct(latencies, 90))}  p99 ${f(p99)}  max ${f(latencies.reduce((m, x) => Math.max(m, x), 0))}  (client, through the proxy, from the scheduled send time)`,
    `  messages          ${sent.length}: answered exactly once ${once}, lost ${lost}, duplicated ${duplicated}; sends dropped by Lark's uuid dedupe (replays after a takeover): ${uuidRepeats}`,
    `  timers            ${timerCount}: fired once ${timersOnce}, never ${timersNever}, twice ${timersTwice}; lateness p50 ${f(pct(lateness, 50) / 1000)} s, p99 ${f(pct(lateness, 99) / 1000)} s, max ${f(Math.max(0, ...lateness) / 1000)} s`,
    ...kills.map(
      (k, i) =>
        `  kill ${i + 1}            instance ${k.idx} at +${((k.at - loadStart) / 1000).toFixed(0)} s: held ${k.held} leases/locks; taken over in ${k.takeoverMs === undefined ? 'NOT within 120 s' : `${f(k.takeoverMs / 1000)} s`}; restarted (ready) in ${k.restartMs === undefined ? '?' : `${f(k.restartMs / 1000)} s`}`,
    ),
    `  drain             ${drainSeconds.toFixed(1)} s after the load`,
    `  CPU               instances used ${f(usage.cpuMs / 1000)} s of CPU after start-up (start-ups: ${f(usage.startMs / 1000)} s) for ${usage.requests} webhook requests and ${usage.handled} answers: ${f(usage.cpuMs / Math.max(1, usage.handled))} ms per answered message; memory (RSS) per process ${f(Math.min(...usage.rssMb))}–${f(Math.max(...usage.rssMb))} MB`,
    `  PostgreSQL        database ${f(dbBytes / 1e6)} MB; ${sizes.rows.map((r) => `${r.t} ${r.n} rows ${f(Number(r.bytes) / 1e6)} MB`).join(', ')}`,
    `  goals             0 lost: ${lost === 0 ? 'MET' : 'MISSED'}; 0 duplicated: ${duplicated === 0 ? 'MET' : 'MISSED'}; 0 timers fired twice: ${timersTwice === 0 ? 'MET' : 'MISSED'}; takeover ≤ 30 s: ${allTakenOver && maxTakeover <= 30_000 ? 'MET' : 'MISSED'} (max ${f(maxTakeover / 1000)} s); ack p99 ≤ 50 ms: ${p99 <= 50 ? 'MET' : 'MISSED'}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);

  agent.destroy();
  proxy.child.kill('SIGTERM');
  const all = instances.flatMap((r) => r?.children ?? []);
  for (const c of all) c.kill('SIGTERM');
  await Promise.all(all.map((c) => new Promise((res) => c.once('exit', res))));
  await watcher.end();
  await db.close();
  fake.child.kill('SIGTERM');
  await database.drop();
  rmSync(dataDir, { recursive: true, force: true });
}

await main();
