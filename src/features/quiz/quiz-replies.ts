import type { Reply, ReplyAction, ReplyBlock } from '../../core/reply.js';
import type { Services } from '../../core/services.js';
import type { QuizQuestion, QuizRecord } from '../../ports/quiz-store.js';
import { formatChinaTime } from '../feedback/china-time.js';
import { buildNotice } from '../tickets/notices.js';
import { LETTERS } from './question-draft.js';

/** `value.action` of the option buttons and of the manager's 确认推送 button. */
export const QUIZ_ANSWER_ACTION = 'quiz_answer';
export const QUIZ_CONFIRM_ACTION = 'quiz_confirm';

const CARD_KINDS: ReplyBlock['kind'][] = ['fact', 'fabe', 'compare', 'script'];

/** The knowledge card (a 3-minute read), sent before the questions. */
export function knowledgeReply(services: Services, quiz: QuizRecord): Reply {
  const blocks = quiz.card.map((b, i) => ({ kind: CARD_KINDS[i] ?? 'note', title: b.title, lines: b.lines }));
  return buildNotice(services, `📘 ${quiz.title} · 3 分钟知识卡`, blocks);
}

/** One question as a block: stem as the title, options as lines. */
export function questionBlock(q: QuizQuestion, i: number, showAnswer = false): ReplyBlock {
  const lines = q.options.map((o, j) => `${LETTERS[j]}. ${o}${showAnswer && j === q.answer ? ' ✅' : ''}`);
  if (showAnswer) lines.push(`解析：${q.explanation}（来源：${q.source.id}#${q.source.section}）`);
  return { kind: 'quiz', title: `${i + 1}. ${q.stem}`, lines };
}

/** Option buttons: label `1A`, value carrying quiz id, question index and option letter. */
export function optionActions(quiz: QuizRecord): ReplyAction[] {
  return quiz.questions.flatMap((q, i) =>
    q.options.map((_, j) => ({
      id: `q${i}${LETTERS[j]}`,
      label: `${i + 1}${LETTERS[j]}`,
      value: { action: QUIZ_ANSWER_ACTION, quiz: quiz.id, q: String(i), option: LETTERS[j] ?? 'A' },
    })),
  );
}

/** The quiz card for a group: questions, how to answer, progress (never the answers). */
export function quizReply(services: Services, quiz: QuizRecord, progress: { done: number; expected: number }): Reply {
  const how =
    quiz.channel === 'lark'
      ? '点下方按钮作答（如 1A 表示第 1 题选 A），对错只有你自己能看到'
      : `直接回复答案，例如：${quiz.questions.map((_, i) => `${i + 1}${LETTERS[i % 4]}`).join(' ')}`;
  const head: ReplyBlock = {
    kind: 'note',
    title: '答题说明',
    lines: [
      how,
      `截止：${formatChinaTime(quiz.deadline)}；${quiz.passScore} 分及格`,
      `已完成 ${progress.done}/${progress.expected}`,
    ],
  };
  const reply = buildNotice(services, `📝 ${quiz.title} · 新品测验`, [
    head,
    ...quiz.questions.map((q, i) => questionBlock(q, i)),
  ]);
  return quiz.channel === 'lark' ? { ...reply, actions: optionActions(quiz) } : reply;
}
