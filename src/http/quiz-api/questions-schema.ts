import { z } from 'zod';
import { SKILLS } from '../../ports/quiz-store.js';

/** Caller-supplied questions (POST /api/quizzes `questions`), checked again against the pack. */
export const questionsSchema = z
  .array(
    z
      .object({
        stem: z.string().trim().min(2).max(300),
        options: z.array(z.string().trim().min(1).max(200)).min(3).max(4),
        answer: z.number().int().min(0).max(3),
        explanation: z.string().trim().min(1).max(500),
        source: z.object({ id: z.string().min(1), section: z.string().min(1) }),
        evidence: z.array(z.string().min(1)).min(1),
        skill: z.enum(SKILLS).default('产品知识'),
        kind: z.enum(['spec', 'number', 'price', 'selling_point', 'competitor', 'fabe']).default('spec'),
      })
      .refine((q) => q.answer < q.options.length, 'answer must index one of the options'),
  )
  .min(1)
  .max(20);
