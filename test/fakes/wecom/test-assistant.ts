import { type Db, openSqlite } from '../../../src/adapters/db/create-db.js';
import { createSqlCrm } from '../../../src/adapters/db/sql-crm.js';
import { createSqlInbox } from '../../../src/adapters/db/sql-inbox.js';
import { createSqlJobs } from '../../../src/adapters/db/sql-jobs.js';
import { createSqlStorage } from '../../../src/adapters/db/sql-storage.js';
import { type Assistant, createAssistant } from '../../../src/core/assistant.js';
import { Composer } from '../../../src/core/composer.js';
import type { ConversationState } from '../../../src/core/conversation.js';
import type { InboundMessage } from '../../../src/core/message.js';
import type { Reply } from '../../../src/core/reply.js';
import type { Services } from '../../../src/core/services.js';
import { createMessenger } from '../../../src/ports/channel.js';
import { type Clock, systemClock } from '../../../src/ports/clock.js';
import { createCounterIds } from '../../../src/ports/ids.js';
import type { IntentClassifier } from '../../../src/ports/intent.js';
import type { KnowledgeBase } from '../../../src/ports/knowledge.js';
import { silentLogger } from '../../../src/ports/logger.js';
import { noMasking } from '../../../src/ports/pii.js';
import { defaultRoles } from '../../../src/ports/roles.js';
import { createTestRuntime } from '../../helpers/test-runtime.js';

/** A knowledge base with nothing in it; the test composer never searches. */
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

/** Every question is a product question; the echo composer does not care. */
const echoClassifier: IntentClassifier = { classify: async () => 'product_question' };

/** A tiny deterministic Composer: it echoes the question, so a test can see what reached it. */
function createEchoFeatures(): Composer {
  return new Composer().use((ctx) => {
    ctx.respond({
      intent: ctx.intent,
      title: '回答',
      blocks: [{ kind: 'fact', title: '', lines: [`你问的是：${ctx.msg.text}`] }],
      products: [],
      sources: [],
      mode: 'structured',
      declined: false,
    });
  });
}

export interface TestAssistant {
  assistant: Assistant;
  services: Services;
  db: Db;
  /** Every message the assistant was asked to handle, in order. */
  handled: InboundMessage[];
  /** Every reply it produced, in order (undefined when it stayed silent). */
  replies: (Reply | undefined)[];
  close(): Promise<void>;
}

/** Wraps an assistant so the test sees what went in and what came out. */
function recording(inner: Assistant): Pick<TestAssistant, 'assistant' | 'handled' | 'replies'> {
  const handled: InboundMessage[] = [];
  const replies: (Reply | undefined)[] = [];
  const assistant: Assistant = {
    services: inner.services,
    async handle(msg, options) {
      handled.push(msg);
      const reply = await inner.handle(msg, options);
      replies.push(reply);
      return reply;
    },
  };
  return { assistant, handled, replies };
}

/**
 * The real engine on the demo knowledge pack (test/helpers/test-runtime.ts): real SQLite
 * services, rule intent classifier, every feature mounted.
 */
export async function createEngineAssistant(opts: { clock?: Clock; db?: Db } = {}): Promise<TestAssistant> {
  const rt = await createTestRuntime({
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.db ? { db: opts.db } : {}),
  });
  return { ...recording(rt.assistant), services: rt.services, db: rt.db, close: () => rt.close() };
}

/**
 * Real SQLite-backed services (inbox, CRM, sessions) around the echo composer: cheap, for
 * tests that only need an assistant to exist (configuration, wiring).
 */
export async function createTestAssistant(opts: { clock?: Clock; db?: Db } = {}): Promise<TestAssistant> {
  const db = opts.db ?? (await openSqlite(':memory:'));
  const clock = opts.clock ?? systemClock;
  const now = () => clock.now();
  const ids = createCounterIds();
  const services: Services = {
    clock,
    ids,
    logger: silentLogger,
    crm: createSqlCrm(db.db),
    inbox: createSqlInbox(db.db, now),
    jobs: createSqlJobs(db.db, { now, ids }),
    sessions: createSqlStorage<ConversationState>(db.db, 'conv', now),
    messenger: createMessenger(),
    roles: defaultRoles,
    knowledge: emptyKnowledge,
    classifier: echoClassifier,
    pii: noMasking,
    settings: { sessionIdleMs: 600_000, llmTimeoutMs: 1000 },
  };
  const inner = createAssistant(services, createEchoFeatures());
  return { ...recording(inner), services, db, close: () => db.close() };
}
