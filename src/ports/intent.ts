import type { ConversationState } from '../core/conversation.js';
import type { Intent } from '../core/reply.js';

/** Decides what a message is; rule-based by default, LLM structured output when configured. */
export interface IntentClassifier {
  classify(text: string, conversation: ConversationState): Promise<Intent>;
}
