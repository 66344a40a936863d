/**
 * One app instance for bench/scale.ts, run as a child process:
 *
 *   node --import tsx bench/lib/scale-instance.ts '<json ScaleInstanceArgs>'
 *
 * The app as `npm start` wires it (buildNodeApp on PostgreSQL, jobs polling, the Lark channel
 * with its lease sweep), on the demo pack, talking to the bench's fake Lark Open API, plus a
 * `bench.timer` job handler that sends one message to its chat. Prints `READY <port> <id>`.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export interface ScaleInstanceArgs {
  fakeUrl: string;
  pgUrl: string;
  dataDir: string;
  knowledgeDir: string;
  /** Instances sharing the app: each takes 1/instances of the send quota. */
  instances: number;
  /** Lark apps the quota stands for (the fake's per-app limits are multiplied by this). */
  apps: number;
  engine: 'real' | 'trivial';
  /** Timer handler: pause before and after its send, so a SIGKILL can land mid-run. */
  timerHoldMs: number;
  appId: string;
  appSecret: string;
  encryptKey: string;
  token: string;
  /** all: ack and answer; ingress: ack only; answer: claim from the inbox and answer (INSTANCE_ROLE). */
  role: 'all' | 'ingress' | 'answer';
}

async function main(a: ScaleInstanceArgs): Promise<void> {
  const { serve } = await import('@hono/node-server');
  const { openPostgres } = await import('../../src/adapters/db/create-db.js');
  const { loadConfig } = await import('../../src/config.js');
  const { buildNodeApp } = await import('../../src/entry/build-node-app.js');
  const { createLarkChannel } = await import('../../src/channels/lark/create-lark-channel.js');
  const { createHttpApp } = await import('../../src/http/create-http-app.js');
  const { createAssistant } = await import('../../src/core/assistant.js');
  const { Composer } = await import('../../src/core/composer.js');
  const { silentLogger } = await import('../../src/ports/logger.js');

  const config = loadConfig({
    DATA_DIR: a.dataDir,
    KNOWLEDGE_DIR: a.knowledgeDir,
    PII_SALT: 'bench-scale',
    LOG_LEVEL: 'silent',
  });
  const app = await buildNodeApp({
    config,
    logger: silentLogger,
    persistIndex: true,
    db: await openPostgres(a.pgUrl, 10),
    channels: [],
  });
  const engineAssistant =
    a.engine === 'trivial'
      ? createAssistant(
          app.services,
          new Composer().use((ctx) => {
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
          }),
        )
      : app.assistant;
  // Counts for the bench's sizing figures (CPU per answered message).
  let handled = 0;
  let requests = 0;
  const assistant: typeof engineAssistant = {
    services: engineAssistant.services,
    handle(msg, opts) {
      handled++;
      return engineAssistant.handle(msg, opts);
    },
  };
  const lark = createLarkChannel({
    appId: a.appId,
    appSecret: a.appSecret,
    domain: a.fakeUrl,
    encryptKey: a.encryptKey,
    verificationToken: a.token,
    assistant,
    logger: silentLogger,
    role: a.role,
    // This instance's share of the app-wide quota (Lark counts per app, not per instance).
    limits: {
      appMinMs: (25 * a.instances) / a.apps,
      appPerMinute: Math.floor((950 * a.apps) / a.instances),
    },
  });
  app.services.messenger.register(lark.client);
  app.services.jobs.handle('bench.timer', async (p) => {
    await sleep(a.timerHoldMs);
    await app.services.messenger.send(
      { channel: 'lark', chatId: String(p.chat) },
      {
        id: app.services.ids.next('r'),
        intent: 'other',
        title: `⏰ 提醒 #${p.n}`,
        blocks: [],
        text: `⏰ 提醒 #${p.n}：工单即将超时`,
        products: [],
        sources: [],
        mode: 'structured',
        declined: false,
        latencyMs: 0,
      },
    );
    await sleep(a.timerHoldMs);
  });
  // As `npm start` does before taking traffic.
  const { warmUp } = await import('../../src/entry/warm-up.js');
  await warmUp(app.services);
  await lark.start?.();
  if (a.role !== 'ingress') app.services.jobs.start(500);
  const http = createHttpApp({ assistant, channels: [lark] });
  const cpuAtReady = process.cpuUsage();
  const server = serve({ fetch: http.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
    process.stdout.write(`READY ${info.port} ${app.services.inbox.owner}\n`);
  });
  // Server side of each webhook: from the parsed request to the last byte written.
  const serverMs: number[] = [];
  const { monitorEventLoopDelay } = await import('node:perf_hooks');
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  server.on('request', (_req, res) => {
    requests++;
    const t0 = performance.now();
    res.once('finish', () => serverMs.push(performance.now() - t0));
  });
  process.on('message', (m) => {
    if (m !== 'stats') return;
    const cpu = process.cpuUsage(cpuAtReady);
    const start = (cpuAtReady.user + cpuAtReady.system) / 1000;
    process.send?.({
      cpuMs: (cpu.user + cpu.system) / 1000,
      startMs: start,
      handled,
      requests,
      serverMs,
      loopP99Ms: loop.percentile(99) / 1e6,
      loopMaxMs: loop.max / 1e6,
      rssMb: process.memoryUsage().rss / 1e6,
    });
  });
  process.once('disconnect', () => process.exit(0));
  process.once('SIGTERM', async () => {
    await lark.stop?.();
    await app.close();
    process.exit(0);
  });
}

await main(JSON.parse(process.argv[2] ?? '{}') as ScaleInstanceArgs);
