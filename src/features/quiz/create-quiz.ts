import type { ChannelName } from '../../core/message.js';
import type { Services } from '../../core/services.js';
import type { QuizQuestion, QuizRecord, QuizStore } from '../../ports/quiz-store.js';
import { generateQuiz, QuizProductError } from './generate-quiz.js';
import { buildKnowledgeCard } from './knowledge-card.js';
import { generateWithLlm } from './llm-questions.js';
import { reminderOffsets } from './parse-duration.js';

export const QUIZ_JOBS = { push: 'quiz.push', remind: 'quiz.remind', report: 'quiz.report' } as const;

export interface NewQuiz {
  productId: string;
  channel: ChannelName;
  chatIds: string[];
  durationMs: number;
  passScore?: number;
  count?: number;
  /** Questions supplied by the caller (admin API); generated from the pack otherwise. */
  questions?: QuizQuestion[];
  reportTo?: string;
  createdBy: string;
  storeId: string;
}

/** Raised when quizzes are used without a QuizStore wired into Services. */
export class QuizDisabledError extends Error {
  readonly code = 'QUIZ_DISABLED';
}

export function quizStore(services: Services): QuizStore {
  if (!services.quizzes)
    throw new QuizDisabledError('Quizzes need a database: wire services.quizzes (createRuntime does)');
  return services.quizzes;
}

/** Questions for a product: the LLM's when configured and they validate, else the pack's rules. */
export async function draftQuestions(services: Services, productId: string, count = 5) {
  const rules = generateQuiz(services.knowledge, productId, count);
  if (!services.llm) return rules;
  const llm = await generateWithLlm(services, productId, count).catch(() => undefined);
  return llm && llm.length >= Math.min(count, rules.questions.length) ? { questions: llm, warnings: [] } : rules;
}

/**
 * Persists a quiz and schedules its durable timers (push now, two reminders, the report at
 * the deadline). Job keys derive from the quiz id, so nothing is scheduled or sent twice.
 */
export async function createQuiz(services: Services, input: NewQuiz): Promise<QuizRecord> {
  const store = quizStore(services);
  const product = services.knowledge.get(input.productId);
  if (product?.type !== 'product') throw new QuizProductError(`No product "${input.productId}" in the pack`);
  const questions = input.questions ?? (await draftQuestions(services, input.productId, input.count)).questions;
  if (questions.length === 0) throw new QuizProductError(`The pack has no unambiguous facts about "${product.name}"`);
  const now = services.clock.now();
  const quiz: QuizRecord = {
    id: services.ids.next('quiz_'),
    productId: product.id,
    storeId: input.storeId,
    channel: input.channel,
    chatIds: [...new Set(input.chatIds)],
    ...(input.reportTo ? { reportTo: input.reportTo } : {}),
    createdBy: input.createdBy,
    title: product.name,
    questions,
    card: buildKnowledgeCard(services.knowledge, product),
    passScore: input.passScore ?? 80,
    createdAt: now,
    deadline: now + input.durationMs,
    status: 'open',
  };
  await store.create(quiz);
  const payload = { quizId: quiz.id };
  await services.jobs.schedule({ name: QUIZ_JOBS.push, runAt: now, payload, key: `${quiz.id}:push` });
  for (const [i, offset] of reminderOffsets(input.durationMs).entries()) {
    await services.jobs.schedule({
      name: QUIZ_JOBS.remind,
      runAt: now + offset,
      payload: { ...payload, n: i + 1 },
      key: `${quiz.id}:remind${i + 1}`,
    });
  }
  await services.jobs.schedule({ name: QUIZ_JOBS.report, runAt: quiz.deadline, payload, key: `${quiz.id}:report` });
  return quiz;
}
