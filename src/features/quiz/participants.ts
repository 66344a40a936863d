import Bottleneck from 'bottleneck';
import type { Services } from '../../core/services.js';
import type { Participant, QuizRecord } from '../../ports/quiz-store.js';

/** Member lookups across a big fan-out stay under a chat-members API budget of ~45/s. */
const membersPace = new Bottleneck({ minTime: 22 });

/**
 * Who is expected to answer in one chat: its members (chat members API) minus bots, the
 * quiz's creator and managers; without a members API, the store's roster from the roles
 * file; for a 1:1 channel (WeCom app chats) with neither, the chat's user.
 */
export async function expectedParticipants(
  services: Services,
  quiz: QuizRecord,
  chatId: string,
): Promise<Participant[]> {
  const client = services.messenger.get(quiz.channel);
  const notManager = (userId: string) =>
    userId !== quiz.createdBy && services.roles.resolve(quiz.channel, userId).role !== 'manager';
  if (client?.members) {
    const members = await membersPace.schedule(() => client.members!(chatId));
    return members
      .filter((m) => !m.isBot && notManager(m.userId))
      .map((m) => ({ quizId: quiz.id, userId: m.userId, chatId, ...(m.name ? { name: m.name } : {}) }));
  }
  const roster = services.roles.roster(quiz.storeId, quiz.channel).filter(notManager);
  const ids = roster.length ? roster : quiz.channel === 'wecom' ? [chatId] : [];
  return ids.map((userId) => ({ quizId: quiz.id, userId, chatId }));
}
