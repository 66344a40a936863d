import type { Llm } from '../ports/llm.js';
import type { UserInfo } from '../ports/roles.js';
import type { ConversationState } from './conversation.js';
import type { InboundMessage } from './message.js';
import type { HandleOptions, Intent, Reply } from './reply.js';
import type { Services } from './services.js';

/** What a reply is built from; the assistant fills in id and latency. */
export type ReplyDraft = Omit<Reply, 'id' | 'latencyMs' | 'text'> & { text?: string };

/** Per-message context handed down the middleware chain (after grammY's Context). */
export interface Context {
  readonly msg: InboundMessage;
  readonly services: Services;
  readonly options: HandleOptions;
  /** Epoch ms when processing started (for latency). */
  readonly startedAt: number;
  readonly user: UserInfo;
  /**
   * The LLM for this answer (when one is configured): every call through it shares one
   * deadline, LLM_TIMEOUT_MS, so classification plus composition never exceed it.
   */
  readonly llm?: Llm;
  /** Conversation state for follow-ups; saved after the chain when changed. */
  conversation: ConversationState;
  intent: Intent;
  /** The reply, once a feature has produced it. */
  reply?: Reply;
  /** Free slot for middleware to pass data downstream. */
  state: Record<string, unknown>;
  /** Builds the Reply (id, latency, plain text) and stores it on the context. */
  respond(draft: ReplyDraft): Reply;
}
