import type { ChannelName } from '../../core/message.js';
import type { Services } from '../../core/services.js';
import { buildNotice } from '../tickets/notices.js';
import { GROWTH_INVITE_JOB, STREAK } from './record-growth.js';

/**
 * Sends the advanced-training invitation to the associate and a notice to the store's
 * managers (roles file) or, without one, to whoever pushed the quiz. Each send is recorded
 * so a retried job does not repeat it.
 */
export function registerGrowthJobs(services: Services): void {
  const store = services.quizzes;
  if (!store) return;
  services.jobs.handle(GROWTH_INVITE_JOB, async (p) => {
    const channel = p.channel as ChannelName;
    const userId = String(p.userId);
    const skill = String(p.skill);
    const quizId = String(p.quizId);
    const quiz = await store.get(quizId);
    const name = (await store.participants(quizId)).find((x) => x.userId === userId)?.name ?? userId;
    const key = `growth:${userId}:${skill}:${quizId}`;
    if (!(await store.delivered(`${key}:user`))) {
      await services.messenger.send(
        { channel, chatId: userId },
        buildNotice(services, '🎓 进阶培训邀请', [
          { kind: 'note', title: '', lines: [`你在「${skill}」已连续 ${STREAK} 次测验 ≥90 分，邀请你参加进阶培训！`] },
        ]),
      );
      await store.markDelivered(`${key}:user`, quizId, services.clock.now());
    }
    const managers = services.roles.managerTargets(String(p.storeId));
    const targets = managers.length
      ? managers
      : quiz && quiz.createdBy !== 'admin'
        ? [{ channel, chatId: quiz.createdBy }]
        : quiz?.reportTo
          ? [{ channel, chatId: quiz.reportTo }]
          : [];
    for (const t of targets) {
      const k = `${key}:mgr:${t.chatId}`;
      if (await store.delivered(k)) continue;
      await services.messenger.send(
        t,
        buildNotice(services, '🎓 店员成长提醒', [
          {
            kind: 'note',
            title: '',
            lines: [`${name} 在「${skill}」连续 ${STREAK} 次测验 ≥90 分，已邀请参加进阶培训。`],
          },
        ]),
      );
      await store.markDelivered(k, quizId, services.clock.now());
    }
  });
}
