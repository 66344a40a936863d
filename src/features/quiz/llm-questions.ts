import { z } from 'zod';
import { renderPrompt } from '../../answer/render-prompt.js';
import type { Services } from '../../core/services.js';
import type { QuizQuestion } from '../../ports/quiz-store.js';
import { findAmbiguity } from './check-question.js';
import { norm } from './pack-facts.js';
import { finalizeQuestion } from './question-draft.js';

const llmQuiz = z.object({
  questions: z
    .array(
      z.object({
        stem: z.string().min(4).max(200),
        options: z.array(z.string().min(1).max(120)).min(3).max(4),
        answer: z.number().int().min(0).max(3),
        explanation: z.string().min(2).max(300),
        source_id: z.string().min(1),
        source_section: z.string().min(1),
        evidence: z.array(z.string().min(1)).min(1),
        skill: z.enum(['产品知识', '竞品对比', 'FABE话术']),
      }),
    )
    .min(1)
    .max(10),
});

/**
 * Questions written by the LLM from the product's documents, validated by zod and kept only
 * when the correct option is supported by the cited passage (findAmbiguity). Throws on any
 * model failure; the caller falls back to rule generation.
 */
export async function generateWithLlm(services: Services, productId: string, count: number): Promise<QuizQuestion[]> {
  const { llm, knowledge: kb } = services;
  const p = kb.get(productId);
  if (!llm || !p || p.type !== 'product') return [];
  const docs = [p, ...kb.competitorsOf(p.id), ...kb.scriptsOf(p.id)];
  const passages = docs
    .flatMap((d) => d.sections.filter((s) => s.heading).map((s) => `[${d.id}#${s.heading}]\n${s.text.trim()}`))
    .join('\n\n');
  const prompt = renderPrompt('quiz-questions', { product: p.name, count, passages });
  const out = await llm.structured([{ role: 'user', content: prompt }], llmQuiz, 'quiz_questions', {
    temperature: 0.2,
  });
  const kept: QuizQuestion[] = [];
  for (const q of out.questions) {
    if (q.answer >= q.options.length) continue;
    const correct = q.options[q.answer] ?? '';
    // The evidence must be about the correct option, not just any true sentence.
    const c = norm(correct);
    if (!q.evidence.some((e) => c.includes(norm(e)) || norm(e).includes(c))) continue;
    const isProduct = q.source_id === p.id;
    const draft = finalizeQuestion(
      {
        kind: q.skill === '竞品对比' ? 'competitor' : q.skill === 'FABE话术' ? 'fabe' : 'spec',
        skill: q.skill,
        stem: q.stem,
        correct,
        distractors: q.options.filter((_, i) => i !== q.answer),
        explanation: q.explanation,
        source: { id: q.source_id, section: q.source_section },
        evidence: q.evidence,
        ...(isProduct ? { exclusive: { id: p.id } } : {}),
      },
      productId,
    );
    if (draft && !findAmbiguity(kb, draft)) kept.push(draft);
  }
  return kept.slice(0, count);
}
