import { serve } from '@hono/node-server';
import { createLogger } from '../adapters/pii/create-logger.js';
import { createPiiMasker } from '../adapters/pii/create-pii-masker.js';
import { ConfigError, loadConfig } from '../config.js';
import { buildNodeApp } from './build-node-app.js';
import { warmUp } from './warm-up.js';

/** `npm start`: ingest the pack if needed, start channels and jobs, serve HTTP. */
async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  // Every log line is PII-masked.
  const logger = createLogger(config.LOG_LEVEL, createPiiMasker());
  const app = await buildNodeApp({ config, logger, persistIndex: true });
  const { kb, issues, compliance, loadedFromDisk } = app.knowledge;
  for (const i of issues) logger.warn({ path: i.path, reason: i.reason }, `knowledge pack ${i.level}`);
  if (compliance.length)
    logger.warn(
      { findings: compliance.length },
      'knowledge pack has Advertising-Law findings; run npm run ingest for the list',
    );
  logger.info({ documents: kb.all().length, loadedFromDisk, dir: config.KNOWLEDGE_DIR }, 'knowledge loaded');
  const stopWatching = app.knowledge.watch((path, outcome) =>
    logger.info({ path, outcome }, 'knowledge file re-indexed'),
  );
  // Before any traffic: the first answers would otherwise stall acks for about a second.
  await warmUp(app.services);
  for (const ch of app.channels) await ch.start?.();
  // Timers run where answers are composed; an ingress-only instance stays light.
  if (config.INSTANCE_ROLE !== 'ingress') app.services.jobs.start();
  logger.info(
    { mode: config.llmEnabled ? 'llm' : 'structured' },
    config.llmEnabled
      ? `LLM answers via ${config.LLM_MODEL}`
      : 'No LLM configured: answers are composed from the knowledge base',
  );
  const server = serve({ fetch: app.http.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
    logger.info(
      { url: `http://${config.HOST}:${info.port}/` },
      `导购助手 ready: open http://${config.HOST}:${info.port}/ to chat`,
    );
  });
  const shutdown = async () => {
    stopWatching();
    server.close();
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((err) => {
  process.stderr.write(`daogou failed to start: ${(err as Error).message}\n`);
  process.exit(1);
});
