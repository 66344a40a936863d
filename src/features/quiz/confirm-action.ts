import type { Services } from '../../core/services.js';
import type { CardActionHandler } from '../../ports/card-actions.js';
import { createQuiz } from './create-quiz.js';
import { formatDuration } from './parse-duration.js';

/** The manager's 确认推送 on a preview: creates the quiz for the chat the preview is in. */
export function createQuizConfirmHandler(services: Services): CardActionHandler {
  return async (action) => {
    const user = services.roles.resolve(action.channel, action.userId);
    if (user.role !== 'manager') return { toast: { type: 'warning', text: '只有店长可以推送测验' } };
    const productId = String(action.value.product ?? '');
    const durationMs = Number(action.value.duration);
    const chatId = String(action.value.chat ?? action.chatId ?? '');
    if (!productId || !(durationMs > 0) || !chatId) return { toast: { type: 'warning', text: '这个按钮已失效' } };
    const once = `confirm:${action.messageId ?? action.eventId}:${chatId}`;
    if (!(await services.quizzes?.markDelivered(once, productId, services.clock.now())))
      return { toast: { type: 'info', text: '这份测验已经推送过了' } };
    const quiz = await createQuiz(services, {
      productId,
      channel: action.channel,
      chatIds: [chatId],
      durationMs,
      createdBy: action.userId,
      storeId: user.storeId,
    });
    void services.jobs.runDue().catch(() => {});
    return { toast: { type: 'success', text: `已推送「${quiz.title}」测验，${formatDuration(durationMs)}后截止` } };
  };
}
