import type { KnowledgeBase } from '../../ports/knowledge.js';
import type { QuizQuestion } from '../../ports/quiz-store.js';
import { findAmbiguity } from './check-question.js';
import { competitorQuestions } from './competitor-questions.js';
import { fabeQuestions } from './fabe-questions.js';
import { numberQuestions, sellingPointQuestions, specQuestions } from './fact-questions.js';
import { finalizeQuestion, type QuestionDraft } from './question-draft.js';

export interface GeneratedQuiz {
  questions: QuizQuestion[];
  /** What could not be met (no competitor doc, too few facts), for the preview. */
  warnings: string[];
}

/** Thrown for a product id the pack does not have. */
export class QuizProductError extends Error {
  readonly code = 'QUIZ_UNKNOWN_PRODUCT';
}

/**
 * Builds `count` questions for a product from the pack alone (no LLM): one competitor
 * question and one FABE/benefit question first, then specs, numbers and more, round-robin.
 * Every question passes `findAmbiguity`.
 */
export function generateQuiz(kb: KnowledgeBase, productId: string, count = 5, seed = productId): GeneratedQuiz {
  const p = kb.get(productId);
  if (p?.type !== 'product') throw new QuizProductError(`No product "${productId}" in the knowledge pack`);
  const ok = (d: QuestionDraft[]) =>
    d
      .map((x) => finalizeQuestion(x, seed))
      .filter((q): q is QuizQuestion => q !== undefined && findAmbiguity(kb, q) === undefined);
  const competitor = ok(competitorQuestions(kb, p));
  const fabe = ok(fabeQuestions(kb, p));
  const selling = ok(sellingPointQuestions(kb, p));
  const pools = [ok(specQuestions(kb, p)), ok(numberQuestions(p)), competitor.slice(1), selling, fabe.slice(1)];
  const picked: QuizQuestion[] = [];
  const warnings: string[] = [];
  const take = (q: QuizQuestion | undefined) => {
    if (q && picked.length < count && !picked.some((x) => x.stem === q.stem)) picked.push(q);
  };
  if (competitor[0]) take(competitor[0]);
  else warnings.push('知识库里没有这款产品的竞品对比表，未出竞品题');
  take(fabe[0] ?? selling.shift());
  if (!picked.some((q) => q.skill === 'FABE话术')) warnings.push('没有可用的 FABE 话术或卖点，未出利益题');
  for (let round = 0; picked.length < count && pools.some((x) => x.length > round); round++) {
    for (const pool of pools) take(pool[round]);
  }
  if (picked.length < count) warnings.push(`知识库里的事实只够出 ${picked.length} 道无歧义的题`);
  return { questions: picked, warnings };
}
