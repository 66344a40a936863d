import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import { z } from 'zod';
import type { Services } from '../../core/services.js';
import { growthSummary } from '../../features/growth/growth-summary.js';
import { findAmbiguity } from '../../features/quiz/check-question.js';
import { createQuiz } from '../../features/quiz/create-quiz.js';
import { QuizProductError } from '../../features/quiz/generate-quiz.js';
import { parseDuration } from '../../features/quiz/parse-duration.js';
import { buildQuizReport } from '../../features/quiz/quiz-report.js';
import { DEFAULT_STORE } from '../../ports/roles.js';
import { invalidRequest as invalid } from '../invalid-request.js';
import { questionsSchema } from './questions-schema.js';

export interface QuizApiOptions {
  /** ADMIN_TOKEN; without it every route answers 503 telling the operator to set it. */
  adminToken?: string;
}

const createBody = z.object({
  product_id: z.string().trim().min(1, 'product_id is required'),
  chat_ids: z.array(z.string().trim().min(1).max(128)).min(1, 'chat_ids needs at least one chat').max(5000),
  duration: z
    .string()
    .trim()
    .refine((v) => parseDuration(v) !== undefined, 'must be ISO-8601 (PT48H) or short (48h, 90s)'),
  pass_score: z.number().int().min(0).max(100).default(80),
  questions: questionsSchema.optional(),
  report_to: z.string().trim().min(1).max(128).optional(),
  channel: z.enum(['lark', 'wecom', 'wechaty']).default('lark'),
  store: z.string().trim().max(64).optional(),
});

/**
 * The quiz admin API (mount at /api): POST /quizzes pushes a quiz, GET /quizzes/:id shows
 * it with its questions, GET /quizzes/:id/report the numbers, GET /growth/:userId radar data.
 * Bearer ADMIN_TOKEN.
 */
export function createQuizApi(services: Services, opts: QuizApiOptions): Hono {
  const app = new Hono();
  for (const p of ['/quizzes', '/quizzes/*', '/growth/*']) {
    app.use(p, async (c, next) => {
      if (!opts.adminToken)
        return c.json({ error: 'admin_disabled', message: 'set ADMIN_TOKEN to use the admin API' }, 503);
      if (!services.quizzes) return c.json({ error: 'quiz_disabled', message: 'quizzes need a database' }, 503);
      return bearerAuth({ token: opts.adminToken })(c, next);
    });
  }

  app.post('/quizzes', zValidator('json', createBody, invalid), async (c) => {
    const b = c.req.valid('json');
    const product = services.knowledge.get(b.product_id);
    if (product?.type !== 'product')
      return c.json({ error: 'not_found', message: `no product "${b.product_id}" in the knowledge pack` }, 404);
    if (b.questions) {
      const bad = b.questions.map((q, i) => [i, findAmbiguity(services.knowledge, q)] as const).find(([, r]) => r);
      if (bad) return c.json({ error: 'bad_request', message: `questions.${bad[0]}: ${bad[1]}` }, 400);
    }
    try {
      const quiz = await createQuiz(services, {
        productId: product.id,
        channel: b.channel,
        chatIds: b.chat_ids,
        durationMs: parseDuration(b.duration) ?? 0,
        passScore: b.pass_score,
        ...(b.questions ? { questions: b.questions } : {}),
        ...(b.report_to ? { reportTo: b.report_to } : {}),
        createdBy: 'admin',
        storeId: b.store || DEFAULT_STORE,
      });
      // The push job starts now, after the response; the job table makes it durable.
      void services.jobs.runDue().catch(() => {});
      return c.json({ id: quiz.id, deadline: quiz.deadline, questions: quiz.questions.length }, 201);
    } catch (err) {
      if (err instanceof QuizProductError) return c.json({ error: 'unprocessable', message: err.message }, 422);
      throw err;
    }
  });

  app.get('/quizzes/:id', async (c) => {
    const quiz = await services.quizzes?.get(c.req.param('id'));
    if (!quiz) return c.json({ error: 'not_found', message: 'no such quiz' }, 404);
    return c.json({ quiz });
  });

  app.get('/quizzes/:id/report', async (c) => {
    const quiz = await services.quizzes?.get(c.req.param('id'));
    if (!quiz) return c.json({ error: 'not_found', message: 'no such quiz' }, 404);
    return c.json(await buildQuizReport(services, quiz));
  });

  app.get('/growth/:userId', async (c) => {
    const skills = await growthSummary(services, c.req.param('userId'));
    return c.json({
      userId: c.req.param('userId'),
      radar: skills.map((s) => ({ skill: s.skill, score: s.score })),
      skills,
    });
  });
  return app;
}
