import type { CardActions } from '../ports/card-actions.js';
import type { Messenger } from '../ports/channel.js';
import type { Clock } from '../ports/clock.js';
import type { ConsoleLinks } from '../ports/console-links.js';
import type { Crm } from '../ports/crm.js';
import type { CuratedAnswerStats } from '../ports/curated-stats.js';
import type { Ids } from '../ports/ids.js';
import type { Inbox } from '../ports/inbox.js';
import type { IntentClassifier } from '../ports/intent.js';
import type { Jobs } from '../ports/jobs.js';
import type { KnowledgeBase } from '../ports/knowledge.js';
import type { Llm } from '../ports/llm.js';
import type { Logger } from '../ports/logger.js';
import type { PackWriter } from '../ports/pack-writer.js';
import type { PiiMasker } from '../ports/pii.js';
import type { QuizStore } from '../ports/quiz-store.js';
import type { Roles } from '../ports/roles.js';
import type { StorageAdapter } from '../ports/storage.js';
import type { ConversationState } from './conversation.js';

/** Everything a feature may use, wired once by an entry point (entry/*.ts). */
export interface Services {
  clock: Clock;
  ids: Ids;
  logger: Logger;
  crm: Crm;
  inbox: Inbox;
  jobs: Jobs;
  sessions: StorageAdapter<ConversationState>;
  messenger: Messenger;
  roles: Roles;
  knowledge: KnowledgeBase;
  classifier: IntentClassifier;
  pii: PiiMasker;
  /** Present only when an OpenAI-compatible LLM is configured. */
  llm?: Llm;
  /**
   * Handlers for buttons pressed on cards (by `value.action`). Optional: a channel that
   * renders buttons creates it when the entry has not.
   */
  cardActions?: CardActions;
  /** Quizzes and growth records; present when the entry wires a database (features skip without it). */
  quizzes?: QuizStore;
  /** Use counts of curated answers; present when the entry wires a database. */
  curatedStats?: CuratedAnswerStats;
  /** Writes into the knowledge pack folder (curated answers, imports); absent where the pack is read-only. */
  pack?: PackWriter;
  /** One-time console login links for managers (`/console`); present when the console is served. */
  consoleLinks?: ConsoleLinks;
  settings: {
    /** Idle window after which a conversation forgets its products. */
    sessionIdleMs: number;
    llmTimeoutMs: number;
  };
}
