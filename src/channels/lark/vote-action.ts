import { recordVote, VOTE_TOASTS } from '../../core/record-vote.js';
import type { Services } from '../../core/services.js';
import type { CardActionHandler } from '../../ports/card-actions.js';

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
    await recordVote(services, {
      id: `vote_${action.eventId}`,
      channel: action.channel,
      storeId: user.storeId,
      userId: action.userId,
      chatId: action.chatId ?? '',
      replyId,
      vote,
    });
    return { toast: { type: 'success', text: VOTE_TOASTS[vote] } };
  };
}

export { VOTE_TOASTS };
