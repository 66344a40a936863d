import type { ChannelName } from '../../core/message.js';
import type { Services } from '../../core/services.js';
import type { QuizRecord, QuizResult } from '../../ports/quiz-store.js';
import { recordGrowth } from '../growth/record-growth.js';
import { quizStore } from './create-quiz.js';
import { LETTERS } from './question-draft.js';

export interface Pick {
  /** 0-based question index. */
  q: number;
  /** Option letter A–D. */
  option: string;
}

export interface Answerer {
  channel: ChannelName;
  userId: string;
  chatId: string;
  name?: string;
}

export interface PickOutcome {
  q: number;
  status: 'recorded' | 'already' | 'invalid';
  correct?: boolean;
}

export interface SubmitOutcome {
  late: boolean;
  picks: PickOutcome[];
  /** Set when this submission completed the quiz for the user. */
  finished?: QuizResult;
  answeredCount: number;
}

/**
 * Records a user's answers (the first answer per question counts), logs each as a CRM
 * interaction, and when the last question is answered stores the result and growth scores.
 * After the deadline nothing is recorded.
 */
export async function submitAnswers(
  services: Services,
  quiz: QuizRecord,
  who: Answerer,
  picks: Pick[],
): Promise<SubmitOutcome> {
  const store = quizStore(services);
  const now = services.clock.now();
  if (quiz.status !== 'open' || now > quiz.deadline) return { late: true, picks: [], answeredCount: 0 };
  const user = services.roles.resolve(who.channel, who.userId);
  if (user.role !== 'manager' && who.userId !== quiz.createdBy) {
    // Someone not on the expected list (joined later) still counts once they answer.
    const known = (await store.participants(quiz.id)).find((p) => p.userId === who.userId);
    if (!known)
      await store.addParticipants([
        { quizId: quiz.id, userId: who.userId, chatId: who.chatId, ...(who.name ? { name: who.name } : {}) },
      ]);
  }
  const out: PickOutcome[] = [];
  for (const p of picks) {
    const q = quiz.questions[p.q];
    const option = LETTERS.indexOf(p.option.toUpperCase() as (typeof LETTERS)[number]);
    if (!q || option < 0 || option >= q.options.length) {
      out.push({ q: p.q, status: 'invalid' });
      continue;
    }
    const correct = option === q.answer;
    const fresh = await store.addAnswer({ quizId: quiz.id, userId: who.userId, qIndex: p.q, option, correct, at: now });
    out.push({ q: p.q, status: fresh ? 'recorded' : 'already', ...(fresh ? { correct } : {}) });
    if (fresh)
      await services.crm.logInteraction({
        id: `quiz_${quiz.id}_${who.userId}_${p.q}`.slice(0, 128),
        at: now,
        kind: 'quiz_answer',
        channel: who.channel,
        storeId: user.storeId,
        userId: who.userId,
        chatId: who.chatId,
        text: `${p.q + 1}${LETTERS[option]}`,
        intent: 'quiz_answer',
        products: [quiz.productId],
        sources: [
          { id: q.source.id, type: services.knowledge.get(q.source.id)?.type ?? 'product', section: q.source.section },
        ],
        mode: 'structured',
        declined: false,
        latencyMs: 0,
        answer: correct ? '正确' : `错误，正确答案 ${LETTERS[q.answer]}`,
      });
  }
  const answers = await store.answers(quiz.id, who.userId);
  let finished: QuizResult | undefined;
  if (answers.length === quiz.questions.length) {
    const correct = answers.filter((a) => a.correct).length;
    const score = Math.round((correct / quiz.questions.length) * 100);
    const result: QuizResult = {
      quizId: quiz.id,
      userId: who.userId,
      chatId: who.chatId,
      score,
      correct,
      total: quiz.questions.length,
      passed: score >= quiz.passScore,
      at: now,
    };
    if (await store.addResult(result)) {
      finished = result;
      await recordGrowth(services, quiz, who, answers);
    }
  }
  return { late: false, picks: out, answeredCount: answers.length, ...(finished ? { finished } : {}) };
}

/** Progress in one chat: finished participants over expected ones. */
export async function chatProgress(services: Services, quiz: QuizRecord, chatId: string) {
  const store = quizStore(services);
  const people = (await store.participants(quiz.id)).filter((p) => p.chatId === chatId);
  const done = new Set((await store.results(quiz.id)).map((r) => r.userId));
  return { done: people.filter((p) => done.has(p.userId)).length, expected: people.length };
}
