import * as jiebaWasm from 'jieba-wasm/web';
import type { D1Like } from '../../adapters/db/d1-dialect.js';
import { openD1 } from '../../adapters/db/open-d1.js';
import { purgeIdleSessions } from '../../adapters/db/purge-sessions.js';
import { createPiiMasker } from '../../adapters/pii/create-pii-masker.js';
import { ConfigError, loadConfig } from '../../config.js';
import { repairCrmTimers } from '../../features/feedback/start-crm.js';
import { useTokenizer } from '../../knowledge/analyzer.js';
import { type CompiledPack, openCompiledPack } from '../../knowledge/compiled-pack.js';
import type { OpenedKnowledge } from '../../knowledge/open-knowledge-base.js';
import { usePinyinSource } from '../../knowledge/pinyin.js';
import { tablePinyin } from '../../knowledge/pinyin-table/table-pinyin.js';
import { createWasmJieba } from '../../knowledge/tokenizers/wasm-jieba.js';
import { type Clock, systemClock } from '../../ports/clock.js';
import type { Ids } from '../../ports/ids.js';
import type { Logger } from '../../ports/logger.js';
import { buildNodeApp, createEmbedder, type NodeApp } from '../build-node-app.js';
import { warmUp } from '../warm-up.js';
import { createConsoleLogger } from './console-logger.js';
import { claimHourly, loadD1Secret } from './d1-kv.js';
import { type BackgroundChannel, buildWorkerChannels, isBackgroundChannel } from './worker-channels.js';

/** The Worker's bindings: D1 as `DB`, plus wrangler vars and secrets (strings). */
export interface WorkerEnv {
  DB?: D1Like;
  [name: string]: unknown;
}

/** What the build step bundles: the compiled pack and jieba-wasm's module. */
export interface WorkerBundle {
  pack: CompiledPack;
  jiebaWasm: WebAssembly.Module;
}

/** The subset of Workers' ExecutionContext used here. */
export interface WorkerContext {
  waitUntil(promise: Promise<unknown>): void;
  passThroughOnException(): void;
  readonly props: unknown;
}

export interface WorkerOptions {
  clock?: Clock;
  ids?: Ids;
  logger?: Logger;
}

/** One isolate's app: built on the first request, reused until the isolate goes. */
export interface WorkerApp {
  app: NodeApp;
  logger: Logger;
  channels: BackgroundChannel[];
  /** Settles when all work started after responses (answers, replays) has finished. */
  idle(): Promise<void>;
  /** The cron trigger's work: replay interrupted events, run due timers, deliver the outbox, purge idle conversations. */
  tick(): Promise<TickReport>;
}

export interface TickReport {
  replayed: number;
  jobs: number;
  /** Idle conversations deleted. */
  purged: number;
  outbox?: { delivered: number; retried: number; dead: number };
}

let portableInstalled = false;

/** Installs the WebAssembly segmenter and the bundled pinyin table (once per isolate). */
export function installPortableAnalyzers(wasm: WebAssembly.Module): void {
  if (portableInstalled) return;
  jiebaWasm.initSync({ module: wasm });
  // jieba-rs loads its dictionary on first use; do it here so the cold start shows it apart.
  jiebaWasm.cut('预热', true);
  useTokenizer(createWasmJieba(jiebaWasm));
  usePinyinSource(tablePinyin);
  portableInstalled = true;
}

/** Wrangler vars and secrets are strings; bindings (D1) are objects and are left out of the config. */
export function configFromEnv(env: WorkerEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (typeof v === 'string') out[k] = v;
  return out;
}

/**
 * Builds the whole app on Workers: the same config schema, assistant, features, channels
 * and Hono app as `npm start` (through buildNodeApp), on D1, with the compiled pack indexed
 * in memory by jieba-wasm, the pinyin table and exact vector search.
 */
export async function buildWorkerApp(
  env: WorkerEnv,
  bundle: WorkerBundle,
  opts: WorkerOptions = {},
): Promise<WorkerApp> {
  const parsed = loadConfig(configFromEnv(env));
  const pii = createPiiMasker();
  const logger = opts.logger ?? createConsoleLogger(parsed.LOG_LEVEL, pii);
  if (!env.DB) {
    throw new ConfigError(
      'Missing D1 binding DB: add a [[d1_databases]] entry with binding = "DB" to wrangler.toml (see README, Deploy to Cloudflare Workers)',
    );
  }
  const clock = opts.clock ?? systemClock;
  // Stage timings of the cold start, logged once (workerd's clock advances only across I/O
  // when deployed; locally it is real time).
  const t0 = performance.now();
  installPortableAnalyzers(bundle.jiebaWasm);
  const t1 = performance.now();
  const d1 = countQueries(env.DB);
  const db = await openD1(d1);
  const t2 = performance.now();
  const migrateQueries = d1.count();
  // A Worker has no DATA_DIR for a generated secret: it lives in D1 unless PII_SALT is set.
  const config = parsed.PII_SALT ? parsed : { ...parsed, PII_SALT: await loadD1Secret(db.db, 'pii-salt', clock.now()) };
  if (config.DATABASE_URL) logger.warn('DATABASE_URL is ignored on Workers: the D1 binding DB holds everything');
  if (!config.CHAT_TOKEN) {
    logger.warn('CHAT_TOKEN is not set: /api/chat answers anyone; set it with `wrangler secret put CHAT_TOKEN`');
  }
  const embedder = await createEmbedder(config);
  const kb = await openCompiledPack(bundle.pack, { embedder, now: () => clock.now() });
  const t3 = performance.now();
  const knowledge: OpenedKnowledge = {
    kb,
    issues: bundle.pack.issues,
    compliance: bundle.pack.compliance,
    loadedFromDisk: true,
    // The pack is compiled into the Worker: a change means a new deploy.
    reloadFile: async () => 'unchanged',
    watch: () => () => {},
  };
  const app = await buildNodeApp({
    config,
    logger,
    knowledge,
    db,
    clock,
    buildChannels: buildWorkerChannels,
    // Each isolate would rewrite every open ticket's timers; the cron does it hourly instead.
    startupRepairs: false,
    ...(opts.ids ? { ids: opts.ids } : {}),
  });
  // No interval timers on Workers: the cron trigger delivers the outbox.
  await app.outbox?.stop();
  const t4 = performance.now();
  const ms = (a: number, b: number) => Math.round(b - a);
  logger.info(
    {
      documents: kb.all().length,
      pack: bundle.pack.fingerprint,
      channels: app.channels.map((c) => c.name),
      startupMs: { segmenter: ms(t0, t1), d1: ms(t1, t2), index: ms(t2, t3), app: ms(t3, t4), total: ms(t0, t4) },
      // Round trips to D1 before the first answer: each costs a network hop to the primary.
      d1Queries: { migrate: migrateQueries, total: d1.count() },
    },
    'daogou worker ready',
  );
  const channels = app.channels.filter(isBackgroundChannel);
  const idle = async () => {
    await Promise.all(channels.map((c) => c.idle()));
  };
  return {
    app,
    logger,
    channels,
    idle,
    async tick() {
      let replayed = 0;
      for (const ch of channels) replayed += await ch.sweep();
      logger.debug({ replayed }, 'cron: inbox swept');
      let jobs = 0;
      // Bounded, so one invocation stays well inside the cron's time limit.
      for (let round = 0; round < 10; round++) {
        const ran = await app.services.jobs.runDue();
        jobs += ran;
        if (ran === 0) break;
      }
      logger.debug({ jobs }, 'cron: due jobs run');
      const outbox = app.outbox ? await app.outbox.runOnce() : undefined;
      // Retention: Node purges idle conversations on an interval, which Workers would cancel.
      const purged = await purgeIdleSessions(app.db.db, clock.now() - app.services.settings.sessionIdleMs);
      // Node repairs timers at start; here one tick an hour does, whichever isolate wins.
      if (await claimHourly(app.db.db, 'worker:crm-repairs', clock.now())) await repairCrmTimers(app.services);
      await idle();
      return { replayed, jobs, purged, ...(outbox ? { outbox } : {}) };
    },
  };
}

/**
 * The Worker's handlers. The app is built once per isolate; a configuration error is
 * answered as one clear line (HTTP 500, and once in the log), naming the variable to set.
 */
export function createWorkerHandler(bundle: WorkerBundle, opts: WorkerOptions = {}) {
  let building: Promise<WorkerApp> | undefined;
  let reported: string | undefined;
  let warming = false;
  const get = (env: WorkerEnv): Promise<WorkerApp> => {
    building ??= buildWorkerApp(env, bundle, opts);
    return building;
  };
  const failure = (err: unknown): Response => {
    const message = err instanceof Error ? err.message : String(err);
    // Every request gets the line; the log gets it once, not once per request.
    if (reported !== message) {
      reported = message;
      console.error(message);
    }
    if (!(err instanceof ConfigError)) building = undefined;
    const code = err instanceof ConfigError ? err.code : 'STARTUP_FAILED';
    return Response.json({ error: code, message }, { status: 500 });
  };
  return {
    async fetch(request: Request, env: WorkerEnv, ctx: WorkerContext): Promise<Response> {
      let wa: WorkerApp;
      try {
        wa = await get(env);
      } catch (err) {
        return failure(err);
      }
      const res = await wa.app.http.fetch(request, env, ctx);
      // Answers run after the ack; keep the isolate until they finish. If it dies anyway,
      // the event stays pending in the D1 inbox and the cron sweep answers it.
      ctx.waitUntil(wa.idle());
      // The answer pipeline builds parts of itself on first use (about a second, during which
      // this isolate acks nothing). On Node that happens before traffic; here, after the first
      // response, so the first ack does not wait for it.
      if (!warming) {
        warming = true;
        ctx.waitUntil(warmUp(wa.app.services).catch((err: unknown) => wa.logger.warn({ err }, 'warm-up failed')));
      }
      return res;
    },
    async scheduled(_controller: unknown, env: WorkerEnv, ctx: WorkerContext): Promise<void> {
      let wa: WorkerApp;
      try {
        wa = await get(env);
      } catch (err) {
        failure(err);
        return;
      }
      ctx.waitUntil(
        wa.tick().then(
          (report) => {
            if (report.replayed || report.jobs || report.purged || report.outbox?.delivered)
              wa.logger.info(report, 'cron tick');
          },
          (err: unknown) => wa.logger.error({ err }, 'cron tick failed'),
        ),
      );
    },
  };
}

/** Counts the statements sent through a D1 binding (reported in the cold-start log line). */
function countQueries(binding: D1Like): D1Like & { count(): number } {
  let n = 0;
  return {
    prepare(sql) {
      n++;
      return binding.prepare(sql);
    },
    count: () => n,
  };
}
