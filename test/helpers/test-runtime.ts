import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Db, openSqlite } from '../../src/adapters/db/create-db.js';
import type { ChannelModule } from '../../src/channels/types.js';
import { type Config, loadConfig } from '../../src/config.js';
import type { Reply } from '../../src/core/reply.js';
import { buildNodeApp, type NodeApp } from '../../src/entry/build-node-app.js';
import { type Clock, createManualClock } from '../../src/ports/clock.js';
import { createCounterIds } from '../../src/ports/ids.js';
import { silentLogger } from '../../src/ports/logger.js';

export const PROJECT_ROOT = resolve(import.meta.dirname, '../..');
export const DEMO_PACK = join(PROJECT_ROOT, 'knowledge');
/** A small hand-written pack in another trade (fictional pet shop), beside the demo pack. */
export const FIXTURE_PACK = join(PROJECT_ROOT, 'test/fixtures/packs/pet-shop');

export interface TestRuntimeOptions {
  packDir?: string;
  env?: Record<string, string>;
  /** Defaults to an in-memory SQLite database. */
  db?: Db;
  clock?: Clock;
  channels?: ChannelModule[];
}

export type TestRuntime = NodeApp & { config: Config; clock: Clock };

/**
 * The real engine (demo pack unless told otherwise), real SQLite adapters in memory, a
 * manual clock and counter ids: what integration tests drive through `http.request()` or
 * `assistant.handle()`.
 */
export async function createTestRuntime(opts: TestRuntimeOptions = {}): Promise<TestRuntime> {
  const dataDir = mkdtempSync(join(tmpdir(), 'daogou-test-'));
  const config = loadConfig({ DATA_DIR: dataDir, KNOWLEDGE_DIR: opts.packDir ?? DEMO_PACK, ...opts.env });
  const clock = opts.clock ?? createManualClock();
  const app = await buildNodeApp({
    config,
    logger: silentLogger,
    packDir: opts.packDir ?? DEMO_PACK,
    db: opts.db ?? (await openSqlite(':memory:')),
    clock,
    ids: createCounterIds(),
    channels: opts.channels ?? [],
  });
  return { ...app, config, clock };
}

/**
 * A console-channel asker over a test runtime: each call is one inbound message through the
 * assistant; the same `user` and `chat` keep the conversation.
 */
export function createAsker(rt: () => TestRuntime, prefix = 'e') {
  let n = 0;
  return async (text: string, user = `u${++n}`, chat = `c${n}`): Promise<Reply> => {
    const reply = await rt().assistant.handle({
      eventId: `${prefix}${++n}`,
      channel: 'console',
      chatId: chat,
      chatType: 'p2p',
      userId: user,
      text,
      addressedToBot: true,
      sentAt: rt().clock.now(),
    });
    if (!reply) throw new Error('no reply');
    return reply;
  };
}
