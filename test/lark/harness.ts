import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { type Db, openSqlite } from '../../src/adapters/db/create-db.js';
import { createSqlCrm } from '../../src/adapters/db/sql-crm.js';
import { createSqlInbox } from '../../src/adapters/db/sql-inbox.js';
import { createSqlJobs } from '../../src/adapters/db/sql-jobs.js';
import { createSqlStorage } from '../../src/adapters/db/sql-storage.js';
import {
  createLarkChannel,
  type LarkChannel,
  type LarkChannelOptions,
} from '../../src/channels/lark/create-lark-channel.js';
import { type Assistant, createAssistant } from '../../src/core/assistant.js';
import type { Composer } from '../../src/core/composer.js';
import type { ConversationState } from '../../src/core/conversation.js';
import type { InboundMessage } from '../../src/core/message.js';
import type { Services } from '../../src/core/services.js';
import { createHttpApp } from '../../src/http/create-http-app.js';
import { createMessenger } from '../../src/ports/channel.js';
import { createManualClock } from '../../src/ports/clock.js';
import { randomIds } from '../../src/ports/ids.js';
import type { KnowledgeBase } from '../../src/ports/knowledge.js';
import type { Logger } from '../../src/ports/logger.js';
import { noMasking } from '../../src/ports/pii.js';
import { defaultRoles } from '../../src/ports/roles.js';
import {
  buildDelivery,
  type DeliverOptions,
  type MessageEventOptions,
  messageEvent,
} from '../fakes/lark/build-delivery.js';
import { type FakeLark, type FakeLarkOptions, startFakeLark } from '../fakes/lark/fake-lark.js';
import { createTestRuntime } from '../helpers/test-runtime.js';
import { createLarkTestFeatures } from './lark-test-features.js';

export const APP_ID = 'cli_a5fb0ae6a4test01';
export const APP_SECRET = 'app-secret-not-real';
export const ENCRYPT_KEY = 'encrypt-key-for-tests';
export const VERIFY_TOKEN = 'rvaYgkND1GOiu5MM0E1rncYC6PLtF7JV';
export const USER = 'ou_84aad35d084aa403a838cf73ee18467';

const emptyKnowledge: KnowledgeBase = {
  version: 1,
  all: () => [],
  get: () => undefined,
  products: () => [],
  competitorsOf: () => [],
  scriptsOf: () => [],
  linkProducts: () => [],
  search: async () => [],
  upsert: async () => {},
  remove: async () => {},
};

/** A logger that keeps every line, so tests can assert on operator-facing messages. */
export function createMemoryLogger(): Logger & { lines: { level: string; msg: string; obj: unknown }[] } {
  const lines: { level: string; msg: string; obj: unknown }[] = [];
  const at =
    (level: string) =>
    (obj: object | string, msg?: string): void => {
      lines.push({ level, msg: typeof obj === 'string' ? obj : (msg ?? ''), obj });
    };
  const logger = {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: () => logger,
  };
  return logger;
}

export interface HarnessOptions {
  /**
   * 'real' (default): the project's answer engine on the demo pack (test/helpers/test-runtime).
   * 'scripted': a tiny composer for what the engine cannot be asked to do on cue (streamed
   * LLM text, answers too big for a card, no answer).
   */
  engine?: 'real' | 'scripted';
  /** null: run without an encrypt key (plain JSON bodies). */
  encryptKey?: string | null;
  verificationToken?: string | null;
  /** Reopen an existing SQLite file (restart tests). */
  dbFile?: string;
  clockMs?: number;
  fake?: FakeLark;
  fakeOptions?: Partial<FakeLarkOptions>;
  features?: Composer;
  channel?: Partial<LarkChannelOptions>;
}

export interface Harness {
  app: Hono;
  channel: LarkChannel;
  fake: FakeLark;
  services: Services;
  assistant: Assistant;
  clock: ReturnType<typeof createManualClock>;
  logger: ReturnType<typeof createMemoryLogger>;
  dbFile: string;
  handled: InboundMessage[];
  /** POSTs a delivery of `payload` to /webhooks/lark, encrypted and signed like Lark. */
  deliver(payload: unknown, opts?: Partial<DeliverOptions>): Promise<Response>;
  post(body: string | Uint8Array, headers?: Record<string, string>): Promise<Response>;
  /** A user message event (seeded at the fake so the bot can reply to it). */
  message(o: Partial<MessageEventOptions> & { eventId: string; text?: string }): Record<string, unknown>;
  close(opts?: { keepFake?: boolean; keepDb?: boolean }): Promise<void>;
}

let counter = 0;

/** Real SQLite adapters around the scripted composer. */
function scriptedServices(db: Db, clock: ReturnType<typeof createManualClock>, logger: Logger): Services {
  const now = () => clock.now();
  return {
    clock,
    ids: randomIds,
    logger,
    crm: createSqlCrm(db.db),
    inbox: createSqlInbox(db.db, now),
    jobs: createSqlJobs(db.db, { now, ids: randomIds }),
    sessions: createSqlStorage<ConversationState>(db.db, 'conv', now),
    messenger: createMessenger(),
    roles: defaultRoles,
    knowledge: emptyKnowledge,
    classifier: { classify: async () => 'product_question' },
    pii: noMasking,
    settings: { sessionIdleMs: 600_000, llmTimeoutMs: 2000 },
  };
}

/**
 * The whole app (createHttpApp with the Lark channel at /webhooks/lark) on real SQLite
 * services in a temp dir, talking to the fake Lark Open API. The clock is manual.
 */
export async function startLarkHarness(o: HarnessOptions = {}): Promise<Harness> {
  const encryptKey = o.encryptKey === null ? undefined : (o.encryptKey ?? ENCRYPT_KEY);
  const verificationToken = o.verificationToken === null ? undefined : (o.verificationToken ?? VERIFY_TOKEN);
  const fake = o.fake ?? (await startFakeLark({ appId: APP_ID, appSecret: APP_SECRET, ...o.fakeOptions }));
  const dir = o.dbFile ? undefined : mkdtempSync(join(tmpdir(), 'daogou-lark-'));
  const dbFile = o.dbFile ?? join(dir!, 'daogou.db');
  const db: Db = await openSqlite(dbFile);
  const clock = createManualClock(o.clockMs ?? Date.now());
  const logger = createMemoryLogger();
  let inner: Assistant;
  let closeEngine: () => Promise<void>;
  if ((o.engine ?? 'real') === 'real') {
    const runtime = await createTestRuntime({ db, clock });
    inner = runtime.assistant;
    closeEngine = () => runtime.close();
  } else {
    inner = createAssistant(scriptedServices(db, clock, logger), o.features ?? createLarkTestFeatures());
    closeEngine = () => db.close();
  }
  const services = inner.services;
  const handled: InboundMessage[] = [];
  const assistant: Assistant = {
    services,
    handle(msg, options) {
      handled.push(msg);
      return inner.handle(msg, options);
    },
  };
  const channel = createLarkChannel({
    appId: APP_ID,
    appSecret: APP_SECRET,
    domain: fake.url,
    ...(encryptKey ? { encryptKey } : {}),
    ...(verificationToken ? { verificationToken } : {}),
    assistant,
    logger,
    retry: { retries: 5, minTimeoutMs: 20, maxTimeoutMs: 200 },
    replay: { intervalMs: 0 },
    ...o.channel,
  });
  services.messenger.register(channel.client);
  const app = createHttpApp({ assistant, channels: [channel] });

  const post = async (body: string | Uint8Array, headers: Record<string, string> = {}) =>
    app.request('/webhooks/lark', {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...headers },
    });

  return {
    app,
    channel,
    fake,
    services,
    assistant,
    clock,
    logger,
    dbFile,
    handled,
    post,
    async deliver(payload, d = {}) {
      const { body, headers } = buildDelivery(payload, {
        ...(encryptKey ? { encryptKey } : {}),
        timestampSec: Math.floor(clock.now() / 1000),
        ...d,
      });
      return post(body, headers);
    },
    message(m) {
      const n = ++counter;
      const messageId =
        m.messageId ?? `om_user${n.toString().padStart(6, '0')}${Math.random().toString(36).slice(2, 8)}`;
      const chatId = m.chatId ?? `oc_chat${n}`;
      fake.seedMessage(messageId, chatId);
      return messageEvent({
        token: verificationToken ?? 'no-token',
        messageId,
        chatId,
        chatType: 'p2p',
        senderOpenId: USER,
        createTimeMs: clock.now(),
        ...m,
      });
    },
    async close(c = {}) {
      await channel.stop?.();
      await closeEngine();
      if (!c.keepFake && !o.fake) await fake.close();
      if (dir && !c.keepDb) rmSync(dir, { recursive: true, force: true });
    },
  };
}
