import { Composer } from '../../core/composer.js';
import type { Context } from '../../core/context.js';
import type { ReplyBlock } from '../../core/reply.js';
import { respondCommand } from '../tickets/notices.js';
import { createQuiz, draftQuestions } from './create-quiz.js';
import { buildKnowledgeCard } from './knowledge-card.js';
import { formatDuration, parseDuration } from './parse-duration.js';
import { LETTERS } from './question-draft.js';
import { QUIZ_CONFIRM_ACTION, questionBlock } from './quiz-replies.js';
import { submitAnswers } from './submit-answers.js';

const QUIZ = /^\s*[/／]quiz\s*(push\s+)?(.*)$/i;
const PAIR = /(\d{1,2})\s*[.、:：-]?\s*([A-Da-d])/g;
const DEFAULT_MS = 48 * 3_600_000;

export const QUIZ_TEXT = {
  managersOnly: '抱歉，只有店长可以发起新品测验。有问题可以直接问我产品知识 😊',
  usage: '用法：/quiz 产品名 [时长]，例如 /quiz 蓝罐 48h；/quiz push 蓝罐 48h 直接推送到本群',
  unknown: (t: string) => `没有找到产品「${t}」，请换个名称或型号试试`,
};

/** `蓝罐 48h` → product text and duration (the last token, when it parses as one). */
function parseArgs(rest: string): { product: string; durationMs: number } {
  const parts = rest.trim().split(/\s+/).filter(Boolean);
  const last = parts.at(-1);
  const ms = last ? parseDuration(last) : undefined;
  if (ms && parts.length > 1) parts.pop();
  return { product: parts.join(' '), durationMs: ms ?? DEFAULT_MS };
}

function findProduct(ctx: Context, text: string) {
  const kb = ctx.services.knowledge;
  const direct = kb.get(text);
  if (direct?.type === 'product') return direct;
  const link = kb.linkProducts(text)[0];
  const doc = link ? kb.get(link.id) : undefined;
  return doc?.type === 'product' ? doc : undefined;
}

async function quizCommand(ctx: Context): Promise<void> {
  const m = ctx.state.match as RegExpExecArray;
  if (ctx.user.role !== 'manager') {
    respondCommand(ctx, '无法发起测验', [{ kind: 'note', title: '', lines: [QUIZ_TEXT.managersOnly] }]);
    return;
  }
  const { product: text, durationMs } = parseArgs(m[2] ?? '');
  if (!text) {
    respondCommand(ctx, '新品测验', [{ kind: 'note', title: '', lines: [QUIZ_TEXT.usage] }]);
    return;
  }
  const p = findProduct(ctx, text);
  if (!p) {
    respondCommand(ctx, '新品测验', [{ kind: 'note', title: '', lines: [QUIZ_TEXT.unknown(text)] }]);
    return;
  }
  const { services, msg } = ctx;
  if (m[1]) {
    const quiz = await createQuiz(services, {
      productId: p.id,
      channel: msg.channel,
      chatIds: [msg.chatId],
      durationMs,
      createdBy: msg.userId,
      storeId: ctx.user.storeId,
    });
    respondCommand(ctx, '测验已推送', [
      {
        kind: 'note',
        title: '',
        lines: [`「${quiz.title}」${quiz.questions.length} 道题，${formatDuration(durationMs)}后截止`],
      },
    ]);
    void services.jobs.runDue().catch(() => {});
    return;
  }
  const draft = await draftQuestions(services, p.id);
  const blocks: ReplyBlock[] = [
    ...buildKnowledgeCard(services.knowledge, p).map((b) => ({ kind: 'fact' as const, ...b })),
    ...draft.questions.map((q, i) => questionBlock(q, i, true)),
  ];
  if (draft.warnings.length) blocks.push({ kind: 'note', title: '提示', lines: draft.warnings });
  if (msg.channel !== 'lark')
    blocks.push({
      kind: 'note',
      title: '',
      lines: [`发送「/quiz push ${text} ${formatDuration(durationMs)}」推送到本群`],
    });
  const reply = respondCommand(ctx, `预览：${p.name} 新品测验（${formatDuration(durationMs)}）`, blocks);
  reply.actions = [
    {
      id: 'quiz_confirm',
      label: '确认推送',
      style: 'primary',
      value: { action: QUIZ_CONFIRM_ACTION, product: p.id, duration: String(durationMs), chat: msg.chatId },
    },
  ];
}

async function textAnswers(ctx: Context, next: () => Promise<void>): Promise<void> {
  const { services, msg } = ctx;
  // A quiz closed in the last day still answers "已截止" instead of falling through to Q&A.
  const quizzes = await services.quizzes?.openFor(msg.channel, msg.chatId, msg.userId, {
    closedSince: services.clock.now() - 86_400_000,
  });
  const quiz = quizzes?.find((q) => q.status === 'open') ?? quizzes?.[0];
  if (!quiz) return next();
  const picks = [...msg.text.matchAll(PAIR)].map((x) => ({ q: Number(x[1]) - 1, option: (x[2] ?? '').toUpperCase() }));
  const r = await submitAnswers(
    services,
    quiz,
    { channel: msg.channel, userId: msg.userId, chatId: msg.chatId, ...(msg.userName ? { name: msg.userName } : {}) },
    picks,
  );
  if (r.late) {
    respondCommand(
      ctx,
      `${quiz.title} 测验`,
      [{ kind: 'note', title: '', lines: ['测验已截止，答案未计入'] }],
      'quiz_answer',
    );
    return;
  }
  const lines = r.picks.map((p) => {
    const q = quiz.questions[p.q];
    if (p.status === 'invalid' || !q) return `第 ${p.q + 1} 题：没有这一题或这个选项`;
    if (p.status === 'already') return `第 ${p.q + 1} 题：已经答过，以第一次为准`;
    return p.correct
      ? `第 ${p.q + 1} 题 ✅ 正确`
      : `第 ${p.q + 1} 题 ❌ 正确答案 ${LETTERS[q.answer]}：${q.explanation}（来源：${q.source.id}#${q.source.section}）`;
  });
  lines.push(
    r.finished
      ? `全部完成：${r.finished.score} 分，${r.finished.passed ? '已通过 🎉' : '未达及格线'}`
      : `已答 ${r.answeredCount}/${quiz.questions.length}`,
  );
  respondCommand(ctx, `${quiz.title} 测验`, [{ kind: 'quiz', title: '', lines }], 'quiz_answer');
}

/** Manager commands `/quiz …` and `/quiz push …`, and plain-text answers (`1A 2C 3B`). */
export function createQuizFeature(): Composer {
  const c = new Composer();
  c.command(QUIZ, (ctx, next) => (ctx.services.quizzes ? quizCommand(ctx) : next()));
  c.on('quiz_answer', (ctx, next) => (ctx.services.quizzes ? textAnswers(ctx, next) : next()));
  return c;
}
