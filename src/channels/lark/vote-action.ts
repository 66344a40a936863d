import type { Services } from '../../core/services.js';
import type { CardActionHandler } from '../../ports/card-actions.js';

/** Toasts shown after a vote (Chinese: the associates' language). */
export const VOTE_TOASTS = {
  up: '感谢反馈，已记录 👍',
  down: '收到，我们会改进这条回答 🙏',
  invalid: '这个按钮已失效，请重新提问',
};

/**
 * Records a 👍/👎 on a reply as an interaction of kind 'vote' linked by replyId. The
 * record id derives from the callback id, so a repeated callback is recorded once.
 */
export function createVoteHandler(services: Services): CardActionHandler {
  return async (action) => {
    const replyId = action.value.reply_id;
    const vote = action.value.vote;
    if (typeof replyId !== 'string' || !replyId || (vote !== 'up' && vote !== 'down')) {
      return { toast: { type: 'warning', text: VOTE_TOASTS.invalid } };
    }
    const user = services.roles.resolve(action.channel, action.userId);
    await services.crm.logInteraction({
      id: `vote_${action.eventId}`.slice(0, 64),
      at: services.clock.now(),
      kind: 'vote',
      channel: action.channel,
      storeId: user.storeId,
      userId: action.userId,
      chatId: action.chatId ?? '',
      text: '',
      intent: 'other',
      products: [],
      sources: [],
      mode: 'structured',
      declined: false,
      latencyMs: 0,
      answer: '',
      replyId,
      vote,
    });
    return { toast: { type: 'success', text: VOTE_TOASTS[vote] } };
  };
}
