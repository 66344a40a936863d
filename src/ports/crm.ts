import type { ChannelName } from '../core/message.js';
import type { Intent, SourceRef } from '../core/reply.js';

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
  recordGap(gap: KnowledgeGap): Promise<void>;
  listInteractions(filter: { from?: number; to?: number; userId?: string; limit?: number }): Promise<InteractionRecord[]>;
  listGaps(filter: { from?: number; to?: number; limit?: number }): Promise<KnowledgeGap[]>;
}
