import { answerQuestion, CLARIFY_ACTION } from '../../answer/answer-question.js';
import type { LinkingKnowledgeBase } from '../../answer/resolve-entities.js';
import { emptyConversation } from '../../core/conversation.js';
import { renderPlainText } from '../../core/render-text.js';
import type { Services } from '../../core/services.js';
import type { CardActionHandler } from '../../ports/card-actions.js';

/**
 * A press on a choice of "你问的是哪一款？" (Lark): answers the question for the chosen
 * product in place of the clarifying card, and logs the interaction like any answer.
 */
export function createClarifyHandler(services: Services): CardActionHandler {
  return async (action) => {
    const text = typeof action.value.text === 'string' ? action.value.text.slice(0, 300) : '';
    if (!text) return { toast: { type: 'warning', text: '这个按钮已失效' } };
    const started = services.clock.now();
    const kb = services.knowledge as LinkingKnowledgeBase;
    const { draft } = await answerQuestion(kb, text, 'product_question', emptyConversation(started));
    const id = services.ids.next();
    const reply = {
      ...draft,
      id,
      text: draft.text ?? renderPlainText(draft.title, draft.blocks, draft.sources),
      latencyMs: services.clock.now() - started,
    };
    // Persisted before the answer is shown, keyed on the press so a re-delivered press logs once.
    await services.crm.logInteraction({
      id: `clarify_${action.eventId}`.slice(0, 64),
      at: started,
      kind: 'question',
      channel: action.channel,
      storeId: services.roles.resolve(action.channel, action.userId).storeId,
      userId: action.userId,
      chatId: action.chatId ?? '',
      text: services.pii.mask(text),
      intent: 'product_question',
      products: reply.products,
      sources: reply.sources,
      mode: 'structured',
      declined: reply.declined,
      latencyMs: reply.latencyMs,
      answer: services.pii.mask(reply.text),
      replyId: id,
    });
    return { card: reply };
  };
}

/** Registers the clarify button handler (once per runtime). */
export function registerClarify(services: Services): void {
  services.cardActions?.register(CLARIFY_ACTION, createClarifyHandler(services));
}
