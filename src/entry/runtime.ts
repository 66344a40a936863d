import type { ChannelModule } from '../channels/types.js';
import type { Config } from '../config.js';
import { type Assistant, createAssistant } from '../core/assistant.js';
import type { ConversationState } from '../core/conversation.js';
import type { Services } from '../core/services.js';
import { type Db, openPostgres, openSqlite } from '../adapters/db/create-db.js';
import { createSqlCrm } from '../adapters/db/sql-crm.js';
import { createSqlInbox } from '../adapters/db/sql-inbox.js';
import { createSqlJobs } from '../adapters/db/sql-jobs.js';
import { createSqlStorage } from '../adapters/db/sql-storage.js';
import { createFeatures } from '../features/index.js';
import { createMessenger } from '../ports/channel.js';
import { type Clock, systemClock } from '../ports/clock.js';
import { type Ids, randomIds } from '../ports/ids.js';
import type { IntentClassifier } from '../ports/intent.js';
import type { KnowledgeBase } from '../ports/knowledge.js';
import type { Llm } from '../ports/llm.js';
import { type Logger, silentLogger } from '../ports/logger.js';
import { noMasking, type PiiMasker } from '../ports/pii.js';
import { defaultRoles, type Roles } from '../ports/roles.js';
import { buildChannels } from './channels.js';
import { join } from 'node:path';

export interface RuntimeOptions {
  config: Config;
  logger?: Logger;
  clock?: Clock;
  ids?: Ids;
  /** An open database; by default PostgreSQL when DATABASE_URL is set, else SQLite under DATA_DIR. */
  db?: Db;
  knowledge: KnowledgeBase;
  classifier: IntentClassifier;
  llm?: Llm;
  roles?: Roles;
  pii?: PiiMasker;
  /** Skip building channels from the config (tests build their own). */
  channels?: ChannelModule[];
}

export interface Runtime {
  config: Config;
  db: Db;
  services: Services;
  assistant: Assistant;
  channels: ChannelModule[];
  close(): Promise<void>;
}

/** Opens the configured database: PostgreSQL when DATABASE_URL is set, else SQLite in DATA_DIR. */
export async function openConfiguredDb(config: Config): Promise<Db> {
  return config.DATABASE_URL ? openPostgres(config.DATABASE_URL) : openSqlite(join(config.DATA_DIR, 'daogou.db'));
}

/** Wires adapters into the core for Node. Knowledge and classifier are built by the caller. */
export async function createRuntime(opts: RuntimeOptions): Promise<Runtime> {
  const { config } = opts;
  const logger = opts.logger ?? silentLogger;
  const clock = opts.clock ?? systemClock;
  const ids = opts.ids ?? randomIds;
  const db = opts.db ?? (await openConfiguredDb(config));
  const now = () => clock.now();
  const services: Services = {
    clock,
    ids,
    logger,
    crm: createSqlCrm(db.db),
    inbox: createSqlInbox(db.db, now),
    jobs: createSqlJobs(db.db, { now, ids, onError: (err, job) => logger.warn({ err, job: job.name }, 'job failed') }),
    sessions: createSqlStorage<ConversationState>(db.db, 'conv', now),
    messenger: createMessenger(),
    roles: opts.roles ?? defaultRoles,
    knowledge: opts.knowledge,
    classifier: opts.classifier,
    pii: opts.pii ?? noMasking,
    ...(opts.llm ? { llm: opts.llm } : {}),
    settings: {
      sessionIdleMs: config.SESSION_IDLE_MINUTES * 60_000,
      llmTimeoutMs: config.LLM_TIMEOUT_MS,
    },
  };
  const assistant = createAssistant(services, createFeatures());
  const channels = opts.channels ?? (await buildChannels({ config, assistant, logger }));
  for (const ch of channels) services.messenger.register(ch.client);
  return {
    config,
    db,
    services,
    assistant,
    channels,
    async close() {
      await services.jobs.stop();
      for (const ch of channels) await ch.stop?.();
      await db.close();
    },
  };
}
