import type { OutboundTarget } from '../../core/message.js';
import type { Services } from '../../core/services.js';
import type { JobPayload } from '../../ports/jobs.js';
import { buildNotice } from '../tickets/notices.js';
import { QUIZ_JOBS, quizStore } from './create-quiz.js';
import { fanOut } from './fan-out.js';
import { formatDuration } from './parse-duration.js';
import { expectedParticipants } from './participants.js';
import { knowledgeReply, quizReply } from './quiz-replies.js';
import { buildQuizReport, reportReply } from './quiz-report.js';

async function load(services: Services, payload: JobPayload) {
  const quiz = await quizStore(services).get(String(payload.quizId));
  if (!quiz) services.logger.warn({ quizId: payload.quizId }, 'quiz job for an unknown quiz; skipped');
  return quiz;
}

/**
 * Registers the quiz timers: push (knowledge card, then the quiz card, per group, after
 * recording who is expected), reminders @-mentioning only those not finished, and the
 * report at the deadline (to `reportTo`, else every group). Once per process.
 */
export function registerQuizJobs(services: Services): void {
  if (!services.quizzes) return;
  const store = services.quizzes;

  services.jobs.handle(QUIZ_JOBS.push, async (payload) => {
    const quiz = await load(services, payload);
    if (quiz?.status !== 'open') return;
    await fanOut(services, quiz, 'push', quiz.chatIds, async (chatId) => {
      const known = (await store.participants(quiz.id)).filter((p) => p.chatId === chatId);
      const people = known.length ? known : await expectedParticipants(services, quiz, chatId);
      if (!known.length) await store.addParticipants(people);
      const target: OutboundTarget = { channel: quiz.channel, chatId };
      return [
        { part: 'card', target, reply: knowledgeReply(services, quiz) },
        { part: 'quiz', target, reply: quizReply(services, quiz, { done: 0, expected: people.length }) },
      ];
    });
  });

  services.jobs.handle(QUIZ_JOBS.remind, async (payload) => {
    const quiz = await load(services, payload);
    if (quiz?.status !== 'open') return;
    const done = new Set((await store.results(quiz.id)).map((r) => r.userId));
    const people = await store.participants(quiz.id);
    const left = formatDuration(Math.max(0, quiz.deadline - services.clock.now()));
    await fanOut(services, quiz, `remind${payload.n}`, quiz.chatIds, async (chatId) => {
      const stragglers = people.filter((p) => p.chatId === chatId && !done.has(p.userId));
      if (!stragglers.length) return [];
      const reply = buildNotice(services, `⏰ ${quiz.title} 测验还剩 ${left}`, [
        {
          kind: 'note',
          title: '',
          lines: [
            `还有 ${stragglers.length} 位同事没完成：${stragglers.map((p) => p.name ?? p.userId).join('、')}`,
            '请在截止前完成答题',
          ],
        },
      ]);
      return [
        { part: 'msg', target: { channel: quiz.channel, chatId, mention: stragglers.map((p) => p.userId) }, reply },
      ];
    });
  });

  services.jobs.handle(QUIZ_JOBS.report, async (payload) => {
    const quiz = await load(services, payload);
    if (!quiz) return;
    if (quiz.status === 'open') await store.close(quiz.id);
    const report = await buildQuizReport(services, { ...quiz, status: 'closed' });
    const targets = quiz.reportTo ? [quiz.reportTo] : quiz.chatIds;
    await fanOut(services, quiz, 'report', targets, async (chatId) => [
      { part: 'msg', target: { channel: quiz.channel, chatId }, reply: reportReply(services, report) },
    ]);
  });
}
