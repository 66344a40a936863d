import { type Db, openSqlite } from '../../../src/adapters/db/create-db.js';
import { createSqlCrm } from '../../../src/adapters/db/sql-crm.js';
import { createSqlInbox } from '../../../src/adapters/db/sql-inbox.js';
import { createSqlJobs } from '../../../src/adapters/db/sql-jobs.js';
import { createSqlStorage } from '../../../src/adapters/db/sql-storage.js';
import { type Assistant, createAssistant } from '../../../src/core/assistant.js';
import { Composer } from '../../../src/core/composer.js';
import type { ConversationState } from '../../../src/core/conversation.js';
import type { InboundMessage } from '../../../src/core/message.js';
import type { Intent, Reply } from '../../../src/core/reply.js';
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

/** Rule-based intents, enough to tell the test scenarios apart. */
export const testClassifier: IntentClassifier = {
  async classify(text) {
    if (/^反馈[:：]/.test(text)) return 'feedback_report';
    if (/^\d[A-D](\s+\d[A-D])*$/i.test(text)) return 'quiz_answer';
    if (text.includes('长答案')) return 'other';
    return 'product_question';
  },
};

/** One paragraph of a long reply: long enough that a handful exceed 2048 bytes. */
export const LONG_LINE = '这款产品采用全新升级的材质，手感细腻，耐用性强，适合日常通勤和户外活动使用。';

/**
 * A tiny deterministic Composer standing in for the answer engine: it echoes the question
 * in a structured reply (so channel tests can see what reached the assistant), answers
 * `反馈：…` as a feedback report, `长答案` with a reply of ~6 KB, and stays silent on `静默`.
 */
export function createTestFeatures(): Composer {
  const c = new Composer();
  c.use((ctx, next) => {
    if (ctx.msg.text === '静默') return;
    return next();
  });
  c.on('feedback_report', (ctx) => {
    ctx.respond({
      intent: 'feedback_report',
      title: '反馈已记录',
      blocks: [{ kind: 'ticket', title: '', lines: [`已记录：${ctx.msg.text.replace(/^反馈[:：]/, '')}`] }],
      products: [],
      sources: [],
      mode: 'structured',
      declined: false,
    });
  });
  c.on('other', (ctx) => {
    const lines = Array.from({ length: 80 }, (_, i) => `${LONG_LINE}（第${i + 1}条）`);
    ctx.respond({
      intent: 'other',
      title: '长答案',
      blocks: [{ kind: 'steps', title: '要点', lines }],
      products: [],
      sources: [{ id: 'dg-watch-pro2', type: 'product', section: '卖点' }],
      mode: 'structured',
      declined: false,
    });
  });
  c.use((ctx) => {
    ctx.respond({
      intent: ctx.intent as Intent,
      title: '回答',
      blocks: [{ kind: 'fact', title: '', lines: [`你问的是：${ctx.msg.text}`] }],
      products: [],
      sources: [{ id: 'dg-watch-pro2', type: 'product' }],
      mode: 'structured',
      declined: false,
    });
  });
  return c;
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
 * Real SQLite-backed services (inbox, CRM, sessions) around the deterministic test composer —
 * for tests that need a fixed reply shape (a 6 KB answer, an echo of the question).
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
    classifier: testClassifier,
    pii: noMasking,
    settings: { sessionIdleMs: 600_000, llmTimeoutMs: 1000 },
  };
  const inner = createAssistant(services, createTestFeatures());
  return { ...recording(inner), services, db, close: () => db.close() };
}
