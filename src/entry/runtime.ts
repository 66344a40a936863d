import { join } from 'node:path';
import { buildOutboxSinks } from '../adapters/crm/build-sinks.js';
import { createOutboxDispatcher, type OutboxDispatcher } from '../adapters/crm/outbox-dispatcher.js';
import { type Db, openPostgres, openSqlite } from '../adapters/db/create-db.js';
import { createSqlOutbox } from '../adapters/db/crm/sql-outbox.js';
import { purgeIdleSessions } from '../adapters/db/purge-sessions.js';
import { createSqlQuizStore } from '../adapters/db/quiz/sql-quiz-store.js';
import { createSqlCrm } from '../adapters/db/sql-crm.js';
import { createSqlCuratedStats } from '../adapters/db/sql-curated-stats.js';
import { createSqlInbox } from '../adapters/db/sql-inbox.js';
import { createSqlJobs } from '../adapters/db/sql-jobs.js';
import { createSqlStorage } from '../adapters/db/sql-storage.js';
import { createMaskingInbox } from '../adapters/pii/create-masking-inbox.js';
import { createMaskingStorage } from '../adapters/pii/create-masking-storage.js';
import { createPiiMasker } from '../adapters/pii/create-pii-masker.js';
import { loadPiiSecret } from '../adapters/pii/load-pii-secret.js';
import { loadRolesFile } from '../adapters/roles/load-roles-file.js';
import type { ChannelModule } from '../channels/types.js';
import type { Config } from '../config.js';
import { type Assistant, createAssistant } from '../core/assistant.js';
import type { ConversationState } from '../core/conversation.js';
import type { Services } from '../core/services.js';
import { registerClarify } from '../features/answer/clarify-action.js';
import { registerCrmJobs, startCrm } from '../features/feedback/start-crm.js';
import { createFeatures } from '../features/index.js';
import { registerQuiz } from '../features/quiz/start-quiz.js';
import { createCardActions } from '../ports/card-actions.js';
import { createMessenger } from '../ports/channel.js';
import { type Clock, systemClock } from '../ports/clock.js';
import { type Ids, randomIds } from '../ports/ids.js';
import type { IntentClassifier } from '../ports/intent.js';
import type { KnowledgeBase } from '../ports/knowledge.js';
import type { Llm } from '../ports/llm.js';
import { type Logger, silentLogger } from '../ports/logger.js';
import type { OutboxSink } from '../ports/outbox.js';
import type { PiiMasker } from '../ports/pii.js';
import { defaultRoles, type Roles } from '../ports/roles.js';
import type { ChannelDeps } from './channels.js';

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
  /** Builds the channels once the assistant exists (the Worker's); default: every channel configured for Node. */
  buildChannels?: (deps: ChannelDeps) => Promise<ChannelModule[]>;
  /** Remote CRM sinks; by default from CRM_WEBHOOK_URL / CRM_BITABLE_* (none when unset). */
  sinks?: OutboxSink[];
  /** Start-up timer repairs (every open ticket, the digests); the Worker runs them from its cron instead. */
  startupRepairs?: boolean;
  /** Lease-holder id of this instance (default: a random UUID). */
  instanceId?: string;
}

export interface Runtime {
  config: Config;
  db: Db;
  services: Services;
  assistant: Assistant;
  channels: ChannelModule[];
  /** Delivers the CRM outbox to remote sinks; present (and started) only when sinks are configured. */
  outbox?: OutboxDispatcher;
  close(): Promise<void>;
}

const SESSION_PURGE_INTERVAL_MS = 15 * 60_000;

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
  const pii = opts.pii ?? createPiiMasker();
  const sinks = opts.sinks ?? (await buildOutboxSinks(config, { now, logger }));
  // The contact-hash key: PII_SALT, or a random secret kept in DATA_DIR/pii-secret (mode 0600).
  const piiKey = loadPiiSecret(config.DATA_DIR, config.PII_SALT, logger);
  if (piiKey.source !== 'env' && config.DATABASE_URL)
    logger.warn(
      { path: piiKey.path },
      'PII_SALT is not set and DATABASE_URL is: every instance must share this secret file, or set the same PII_SALT everywhere',
    );
  // This process as a holder of inbox leases and job locks (one id for both, so operators
  // and benches can see what a dead instance held).
  const instanceId = opts.instanceId ?? crypto.randomUUID();
  const services: Services = {
    clock,
    ids,
    logger,
    crm: createSqlCrm(db.db, {
      masker: pii,
      outbox: sinks,
      ids,
      piiSalt: piiKey.secret,
      ...(db.scrub ? { afterErase: () => db.scrub?.() ?? Promise.resolve() } : {}),
      // Interaction logs only: see docs/scale.md for the measured difference.
      ...(db.logDb ? { logDb: db.logDb } : {}),
    }),
    // Replay copies of events are stored masked and dropped once answered.
    inbox: createMaskingInbox(createSqlInbox(db.db, now, { owner: instanceId }), pii),
    jobs: createSqlJobs(db.db, {
      now,
      ids,
      owner: instanceId,
      onError: (err, job) => logger.warn({ err, job: job.name }, 'job failed'),
    }),
    sessions: createMaskingStorage(createSqlStorage<ConversationState>(db.db, 'conv', now), pii),
    messenger: createMessenger(),
    roles: opts.roles ?? (config.ROLES_FILE ? loadRolesFile(config.ROLES_FILE) : defaultRoles),
    knowledge: opts.knowledge,
    classifier: opts.classifier,
    pii,
    ...(opts.llm ? { llm: opts.llm } : {}),
    // Card-button handlers (votes, quiz answers) register here before channels are built.
    cardActions: createCardActions(),
    curatedStats: createSqlCuratedStats(db.db),
    settings: {
      sessionIdleMs: config.SESSION_IDLE_MINUTES * 60_000,
      llmTimeoutMs: config.LLM_TIMEOUT_MS,
    },
  };
  const assistant = createAssistant(services, createFeatures());
  // Platform SDKs load only when channels are built from the config (not for the CLI or tests).
  const buildChannels = opts.buildChannels ?? (await import('./channels.js')).buildChannels;
  const channels = opts.channels ?? (await buildChannels({ config, assistant, logger }));
  for (const ch of channels) services.messenger.register(ch.client);
  registerCrmJobs(services);
  await startCrm(services, { repairs: opts.startupRepairs !== false });
  // Quizzes and growth records: their store, durable timers and card actions.
  services.quizzes = createSqlQuizStore(db.db);
  registerQuiz(services);
  registerClarify(services);
  const outbox = sinks.length
    ? createOutboxDispatcher({
        store: createSqlOutbox(db.db),
        sinks,
        now,
        logger: logger.child({ component: 'outbox' }),
      })
    : undefined;
  outbox?.start();
  // Retention: conversation state is dropped once idle (it is never read again after that).
  const purgeSessions = () =>
    purgeIdleSessions(db.db, clock.now() - services.settings.sessionIdleMs).catch((err: unknown) =>
      logger.warn({ err }, 'purging idle conversations failed'),
    );
  const retention = setInterval(purgeSessions, SESSION_PURGE_INTERVAL_MS);
  retention.unref?.();
  return {
    config,
    db,
    services,
    assistant,
    channels,
    ...(outbox ? { outbox } : {}),
    async close() {
      clearInterval(retention);
      await services.jobs.stop();
      await outbox?.stop();
      for (const ch of channels) await ch.stop?.();
      await db.close();
    },
  };
}
