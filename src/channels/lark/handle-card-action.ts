import type { CardActions } from '../../ports/card-actions.js';
import type { Logger } from '../../ports/logger.js';
import { cardActionSchema, type EnvelopeV2 } from './envelope.js';
import { renderCard } from './render-card.js';

/** Lark waits 3 s for the callback answer; leave room for the network. */
export const CARD_ACTION_BUDGET_MS = 2_500;

export const CARD_ACTION_TEXT = {
  failed: '操作失败，请稍后再试',
  slow: '处理超时，请稍后再试',
};

export interface CardActionDeps {
  actions: CardActions;
  logger: Logger;
  budgetMs?: number;
}

/**
 * Answers a `card.action.trigger` callback synchronously: finds the handler registered
 * for `value.action`, runs it within the budget and turns its result into Lark's
 * response body (`{toast, card:{type:'raw', data}}`, or `{}` to leave the card alone).
 */
export async function handleCardAction(envelope: EnvelopeV2, deps: CardActionDeps): Promise<Record<string, unknown>> {
  const parsed = cardActionSchema.safeParse(envelope.event);
  if (!parsed.success) return {};
  const { operator, action, context } = parsed.data;
  const value = action.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const key = (value as { action?: unknown }).action;
  const handler = typeof key === 'string' ? deps.actions.get(key) : undefined;
  const userId = operator.open_id;
  if (!handler || typeof key !== 'string' || !userId) {
    deps.logger.debug({ action: key, eventId: envelope.header.event_id }, 'card action with no handler');
    return {};
  }
  // then(): a handler that throws synchronously becomes a rejection like any other.
  const work = Promise.resolve().then(() =>
    handler({
      channel: 'lark',
      action: key,
      value: value as Record<string, unknown>,
      userId,
      eventId: envelope.header.event_id,
      ...(context?.open_chat_id ? { chatId: context.open_chat_id } : {}),
      ...(context?.open_message_id ? { messageId: context.open_message_id } : {}),
      ...(typeof action.form_value === 'object' && action.form_value
        ? { formValue: action.form_value as Record<string, unknown> }
        : {}),
    }),
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  const slow = new Promise<'slow'>((resolve) => {
    timer = setTimeout(() => resolve('slow'), deps.budgetMs ?? CARD_ACTION_BUDGET_MS);
  });
  try {
    const result = await Promise.race([work, slow]);
    if (result === 'slow') {
      deps.logger.warn({ action: key, eventId: envelope.header.event_id }, 'card action handler exceeded its budget');
      work.catch(() => {});
      return { toast: { type: 'warning', content: CARD_ACTION_TEXT.slow } };
    }
    const body: Record<string, unknown> = {};
    if (result?.toast) body.toast = { type: result.toast.type, content: result.toast.text };
    if (result?.card) body.card = { type: 'raw', data: renderCard(result.card) };
    return body;
  } catch (err) {
    deps.logger.error({ err, action: key, eventId: envelope.header.event_id }, 'card action handler failed');
    return { toast: { type: 'error', content: CARD_ACTION_TEXT.failed } };
  } finally {
    clearTimeout(timer);
  }
}
