import { answerQuestion } from '../answer/answer-question.js';
import type { LinkingKnowledgeBase } from '../answer/resolve-entities.js';
import { emptyConversation } from '../core/conversation.js';
import type { Services } from '../core/services.js';

/**
 * Builds the lazily made parts of the answer pipeline (speller, intent model, index caches)
 * before the instance takes traffic: otherwise its first answers block the event loop for
 * about a second, and every webhook ack queued meanwhile waits. Side-effect free: nothing is
 * logged or sent, no LLM is called.
 */
export async function warmUp(services: Services): Promise<void> {
  const product = services.knowledge.products()[0];
  const questions = [`${product?.name ?? '这款'}适合敏感肌吗`, '顾客说包装破了要退货', '跟隔壁那款比咋样'];
  const conversation = emptyConversation(services.clock.now());
  for (const q of questions) {
    if (!services.llm) await services.classifier.classify(q, conversation);
    for (const intent of ['product_question', 'complaint', 'competitor_compare'] as const)
      await answerQuestion(services.knowledge as LinkingKnowledgeBase, q, intent, conversation);
  }
}
