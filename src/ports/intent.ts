import type { ConversationState } from '../core/conversation.js';
import type { Intent } from '../core/reply.js';
import type { Llm } from './llm.js';

/** Per-call options: the answer's LLM (bounded by the answer's one deadline), when configured. */
export interface ClassifyOptions {
  llm?: Llm;
}

/** Decides what a message is; rule-based by default, LLM structured output when configured. */
export interface IntentClassifier {
  classify(text: string, conversation: ConversationState, options?: ClassifyOptions): Promise<Intent>;
}
