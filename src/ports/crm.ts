import type { ChannelName } from '../core/message.js';
import type { Intent, SourceRef } from '../core/reply.js';
import type { CustomerStore, IntelStore, PointsLedger, TicketStore } from './crm-records.js';

export type * from './crm-records.js';
export { FEEDBACK_CATEGORIES } from './crm-records.js';

/** One logged interaction: a question and its answer, a vote, a quiz answer or a command. */
export interface InteractionRecord {
  id: string;
  at: number;
  kind: 'question' | 'vote' | 'quiz_answer' | 'command' | 'feedback';
  channel: ChannelName;
  storeId: string;
  userId: string;
  chatId: string;
  /** Inbound text, already PII-masked. */
  text: string;
  intent: Intent;
  products: string[];
  sources: SourceRef[];
  mode: 'structured' | 'llm';
  declined: boolean;
  latencyMs: number;
  /** Answer text, already PII-masked. */
  answer: string;
  /** The reply this record answers (for votes: the voted reply). */
  replyId?: string;
  vote?: 'up' | 'down';
}

/** A question the knowledge base could not answer. */
export interface KnowledgeGap {
  id: string;
  at: number;
  channel: ChannelName;
  storeId: string;
  userId: string;
  question: string;
  intent: Intent;
  products: string[];
  reason: string;
}

/** The CRM the bot writes into. Writes must be durable when the promise resolves. */
export interface Crm {
  logInteraction(record: InteractionRecord): Promise<void>;
  /** One logged interaction by id (a replayed event's reply is found by it), if the store can look it up. */
  getInteraction?(id: string): Promise<InteractionRecord | undefined>;
  recordGap(gap: KnowledgeGap): Promise<void>;
  listInteractions(filter: {
    from?: number;
    to?: number;
    userId?: string;
    storeId?: string;
    limit?: number;
  }): Promise<InteractionRecord[]>;
  listGaps(filter: { from?: number; to?: number; storeId?: string; limit?: number }): Promise<KnowledgeGap[]>;
  /** Feedback tickets with SLA deadlines. */
  tickets: TicketStore;
  /** Customers (masked contact, salted hash, tags); `customers.find` biases recommendations. */
  customers: CustomerStore;
  /** Competitor intel reported by associates. */
  intel: IntelStore;
  /** Contributor points and the store leaderboard. */
  points: PointsLedger;
}
