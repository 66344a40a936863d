import type { Services } from '../../core/services.js';
import type { CardActionHandler } from '../../ports/card-actions.js';
import { quizStore } from './create-quiz.js';
import { LETTERS } from './question-draft.js';
import { quizReply } from './quiz-replies.js';
import { chatProgress, submitAnswers } from './submit-answers.js';

export const QUIZ_TOASTS = {
  invalid: '这个按钮已失效',
  late: '测验已截止，答案未计入',
  already: (n: number) => `第 ${n} 题你已经答过了，以第一次作答为准`,
};

/**
 * A press on an option button: records the first answer, answers privately with a toast
 * (right or wrong, with the explanation) and refreshes the shared card's progress
 * (已完成 n/m), which never shows anyone's answers.
 */
export function createQuizAnswerHandler(services: Services): CardActionHandler {
  return async (action) => {
    const v = action.value;
    const quiz = typeof v.quiz === 'string' ? await quizStore(services).get(v.quiz) : undefined;
    const q = Number(v.q);
    const option = typeof v.option === 'string' ? v.option : '';
    if (!quiz || !Number.isInteger(q) || !quiz.questions[q])
      return { toast: { type: 'warning', text: QUIZ_TOASTS.invalid } };
    const chatId = action.chatId ?? quiz.chatIds[0] ?? '';
    const r = await submitAnswers(services, quiz, { channel: action.channel, userId: action.userId, chatId }, [
      { q, option },
    ]);
    if (r.late) return { toast: { type: 'warning', text: QUIZ_TOASTS.late } };
    const pick = r.picks[0];
    const question = quiz.questions[q]!;
    let text: string;
    let type: 'success' | 'error' | 'info' | 'warning';
    if (pick?.status === 'already') [text, type] = [QUIZ_TOASTS.already(q + 1), 'info'];
    else if (pick?.status !== 'recorded') return { toast: { type: 'warning', text: QUIZ_TOASTS.invalid } };
    else {
      const head = pick.correct
        ? `第 ${q + 1} 题 ✅ 回答正确`
        : `第 ${q + 1} 题 ❌ 正确答案是 ${LETTERS[question.answer]}`;
      text = `${head}。${question.explanation}（来源：${question.source.id}#${question.source.section}）`;
      type = pick.correct ? 'success' : 'error';
    }
    if (r.finished) text += `\n全部完成：${r.finished.score} 分，${r.finished.passed ? '已通过 🎉' : '未达及格线'}`;
    else if (pick?.status === 'recorded') text += `\n已答 ${r.answeredCount}/${quiz.questions.length}`;
    const progress = await chatProgress(services, quiz, chatId);
    return { toast: { type, text }, card: quizReply(services, quiz, progress) };
  };
}
