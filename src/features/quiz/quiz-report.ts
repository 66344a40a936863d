import type { ReplyBlock } from '../../core/reply.js';
import type { Services } from '../../core/services.js';
import type { QuizRecord } from '../../ports/quiz-store.js';
import { buildNotice } from '../tickets/notices.js';
import { quizStore } from './create-quiz.js';

export interface QuizReport {
  quizId: string;
  productId: string;
  title: string;
  status: QuizRecord['status'];
  deadline: number;
  expected: number;
  finished: number;
  passed: number;
  /** finished / expected, 0..1 (rounded to 3 decimals). */
  completionRate: number;
  /** passed / expected: not finishing counts as not passing. */
  passRate: number;
  /** Mean score of those who finished (0..100, 1 decimal); null when nobody did. */
  averageScore: number | null;
  /** Per question, weakest first: share of correct answers among those who answered it. */
  questions: {
    index: number;
    stem: string;
    skill: string;
    answered: number;
    correct: number;
    accuracy: number | null;
  }[];
  unfinished: { userId: string; name?: string; chatId: string }[];
}

const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 1000) / 1000 : 0);

/** The numbers of a quiz: completion, pass rate, average, per-question accuracy, stragglers. */
export async function buildQuizReport(services: Services, quiz: QuizRecord): Promise<QuizReport> {
  const store = quizStore(services);
  const [people, results, answers] = await Promise.all([
    store.participants(quiz.id),
    store.results(quiz.id),
    store.answers(quiz.id),
  ]);
  const done = new Set(results.map((r) => r.userId));
  const expected = people.length;
  const passed = results.filter((r) => r.passed).length;
  const questions = quiz.questions
    .map((q, index) => {
      const a = answers.filter((x) => x.qIndex === index);
      const correct = a.filter((x) => x.correct).length;
      return {
        index,
        stem: q.stem,
        skill: q.skill,
        answered: a.length,
        correct,
        accuracy: a.length ? ratio(correct, a.length) : null,
      };
    })
    .sort((x, y) => (x.accuracy ?? -1) - (y.accuracy ?? -1) || x.index - y.index);
  return {
    quizId: quiz.id,
    productId: quiz.productId,
    title: quiz.title,
    status: quiz.status,
    deadline: quiz.deadline,
    expected,
    finished: results.length,
    passed,
    completionRate: ratio(results.length, expected),
    passRate: ratio(passed, expected),
    averageScore: results.length
      ? Math.round((results.reduce((s, r) => s + r.score, 0) / results.length) * 10) / 10
      : null,
    questions,
    unfinished: people
      .filter((p) => !done.has(p.userId))
      .map((p) => ({ userId: p.userId, chatId: p.chatId, ...(p.name ? { name: p.name } : {}) })),
  };
}

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

/** The report as a message for the manager or the group. */
export function reportReply(services: Services, r: QuizReport) {
  const blocks: ReplyBlock[] = [
    {
      kind: 'list',
      title: '总体',
      lines: [
        `完成率 ${pct(r.completionRate)}（${r.finished}/${r.expected}）`,
        `通过率 ${pct(r.passRate)}（${r.passed}/${r.expected}）`,
        `平均分 ${r.averageScore ?? '—'}`,
      ],
    },
    {
      kind: 'list',
      title: '各题正确率（薄弱在前）',
      lines: r.questions.map(
        (q) => `第${q.index + 1}题 ${q.accuracy === null ? '无人作答' : pct(q.accuracy)}（${q.skill}）${q.stem}`,
      ),
    },
    {
      kind: 'list',
      title: `未完成（${r.unfinished.length}）`,
      lines: r.unfinished.length ? r.unfinished.map((u) => u.name ?? u.userId) : ['全部完成 🎉'],
    },
  ];
  return buildNotice(services, `📊 ${r.title} · 测验结果`, blocks);
}
