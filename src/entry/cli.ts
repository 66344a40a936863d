import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { openSqlite } from '../adapters/db/create-db.js';
import { createHashingEmbedder } from '../adapters/embedders/hashing-embedder.js';
import { createLogger } from '../adapters/pii/create-logger.js';
import { createPiiMasker } from '../adapters/pii/create-pii-masker.js';
import { ConfigError, loadConfig } from '../config.js';
import { toChatJson } from '../http/chat-json.js';
import { openKnowledgeBase } from '../knowledge/open-knowledge-base.js';
import { buildNodeApp, createEmbedder } from './build-node-app.js';
import { printConsoleToken, runImport } from './cli-import.js';

const USAGE = `Usage:
  npm run --silent cli -- ask [--kb <pack-dir>] [--json] "<question>"
  npm run --silent cli -- ask [--kb <pack-dir>] --json --stdin      (one question per line)
  npm run --silent cli -- ingest [--kb <pack-dir>]                  (build and persist the index, lint the pack)
  npm run --silent cli -- import [--kb <pack-dir>] [--dry-run] <products.csv|products.xlsx>
  npm run --silent cli -- import [--kb <pack-dir>] [--dry-run] --bitable   (PRODUCT_BITABLE_APP_TOKEN / _TABLE_ID)
  npm run --silent cli -- console-token                             (a manager's personal console token)`;

function fail(message: string, code = 2): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      kb: { type: 'string' },
      json: { type: 'boolean' },
      stdin: { type: 'boolean' },
      help: { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      bitable: { type: 'boolean' },
    },
    allowPositionals: true,
  });
  if (!command || values.help) fail(USAGE, command ? 0 : 2);
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }
  const logger = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL, createPiiMasker(), 2);
  const packDir = values.kb ?? config.KNOWLEDGE_DIR;
  if (command === 'ingest') return ingest(config, packDir, logger);
  if (command === 'console-token') return printConsoleToken();
  if (command === 'import') {
    const code = await runImport(config, packDir, {
      ...(positionals[0] ? { file: positionals[0] } : {}),
      ...(values.bitable ? { bitable: true } : {}),
      ...(values['dry-run'] ? { dryRun: true } : {}),
    }).catch((err: Error) => fail(err.message));
    process.exit(code);
  }
  if (command !== 'ask') fail(`Unknown command "${command}".\n${USAGE}`);
  if (!values.stdin && positionals.length === 0) fail(`ask needs a question or --stdin.\n${USAGE}`);
  // One-shot runs log to the same SQLite file as the server unless DATA_DIR says otherwise.
  const db = await openSqlite(join(config.DATA_DIR, 'daogou.db'));
  const app = await buildNodeApp({ config, logger, packDir, db, channels: [] }).catch((err: Error) =>
    fail(err.message),
  );
  for (const issue of app.knowledge.issues)
    process.stderr.write(`[pack] ${issue.level}: ${issue.path}: ${issue.reason}\n`);
  let n = 0;
  const ask = async (question: string) => {
    n++;
    const text = question.trim();
    if (!text) {
      process.stdout.write(`${JSON.stringify({ error: 'empty_question', message: '问题为空' })}\n`);
      return;
    }
    // Each line is its own conversation: the CLI is stateless per line.
    const reply = await app.assistant.handle({
      eventId: `cli-${process.pid}-${n}`,
      channel: 'console',
      chatId: `cli-${process.pid}-${n}`,
      chatType: 'p2p',
      userId: 'cli',
      text: text.slice(0, 2000),
      addressedToBot: true,
      sentAt: Date.now(),
    });
    if (!reply) return;
    process.stdout.write(values.json ? `${JSON.stringify(toChatJson(reply))}\n` : `${reply.text}\n`);
  };
  if (values.stdin) {
    const rl = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
    for await (const line of rl) await ask(line);
  } else {
    await ask(positionals.join(' '));
  }
  await app.close();
}

async function ingest(
  config: ReturnType<typeof loadConfig>,
  packDir: string,
  logger: ReturnType<typeof createLogger>,
): Promise<void> {
  const started = performance.now();
  const embedder = config.EMBEDDING_MODEL ? await createEmbedder(config) : createHashingEmbedder();
  const opened = await openKnowledgeBase({ packDir, indexDir: join(config.DATA_DIR, 'index'), embedder, logger }).catch(
    (err: Error) => fail(err.message),
  );
  const docs = opened.kb.all();
  const byType = (t: string) => docs.filter((d) => d.type === t).length;
  process.stdout.write(
    `Indexed ${docs.length} documents (${byType('product')} products, ${byType('competitor')} competitors, ${byType('script')} scripts, ${byType('playbook')} playbooks) from ${packDir} in ${Math.round(performance.now() - started)} ms${opened.loadedFromDisk ? ' (index unchanged, loaded)' : ''}; index in ${join(config.DATA_DIR, 'index')}\n`,
  );
  for (const i of opened.issues) process.stdout.write(`  ${i.level.toUpperCase()} ${i.path}: ${i.reason}\n`);
  if (opened.compliance.length) {
    process.stdout.write(`Advertising-Law findings (${opened.compliance.length}):\n`);
    for (const f of opened.compliance)
      process.stdout.write(
        `  ${f.path}: ${f.kind === 'absolute' ? '绝对化用语' : '医疗用语'}「${f.term}」 in: ${f.line.trim().slice(0, 80)}\n`,
      );
  }
}

main().catch((err) => fail(`daogou: ${(err as Error).stack ?? err}`, 1));
