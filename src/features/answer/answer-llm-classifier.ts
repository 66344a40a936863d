import type { ConversationState } from '../../core/conversation.js';
import type { Intent } from '../../core/reply.js';
import type { ClassifyOptions, IntentClassifier } from '../../ports/intent.js';
import type { Llm } from '../../ports/llm.js';

/**
 * An IntentClassifier that classifies with the LLM of the answer at hand — the one passed in
 * `options.llm`, bounded by the answer's single deadline — and with `fallback` when there is
 * none. `make` builds the LLM classifier around that answer's LLM (cheap: no state).
 */
export function createAnswerLlmClassifier(
  fallback: IntentClassifier,
  make: (llm: Llm) => IntentClassifier,
): IntentClassifier {
  return {
    classify(text: string, conversation: ConversationState, options?: ClassifyOptions): Promise<Intent> {
      return options?.llm ? make(options.llm).classify(text, conversation) : fallback.classify(text, conversation);
    },
  };
}
