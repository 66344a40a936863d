import { softenLine } from '../../answer/compliance.js';
import type { QuizQuestion } from '../../ports/quiz-store.js';
import { norm, seededOrder } from './pack-facts.js';

/** A question before its options are ordered: the correct text and its distractors. */
export type QuestionDraft = Omit<QuizQuestion, 'options' | 'answer'> & { correct: string; distractors: string[] };

/**
 * Orders the options deterministically by `seed` and makes every text Advertising-Law clean.
 * Returns undefined when an option would have to be reworded (rewording could change the
 * answer), when stem or explanation cannot be made compliant, or with fewer than 3 options.
 */
export function finalizeQuestion(d: QuestionDraft, seed: string): QuizQuestion | undefined {
  const seen = new Set<string>([norm(d.correct)]);
  const distractors = d.distractors.filter((x) => {
    const k = norm(x);
    if (!k || seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  const all = [d.correct, ...distractors.slice(0, 3)];
  if (all.length < 3) return undefined;
  if (all.some((o) => softenLine(o) !== o)) return undefined;
  const stem = softenLine(d.stem);
  const explanation = softenLine(d.explanation);
  if (!stem || !explanation) return undefined;
  const options = seededOrder(all, `${seed}:${d.stem}`);
  const { correct, distractors: _, ...rest } = d;
  return { ...rest, stem, explanation, options, answer: options.indexOf(correct) };
}

/** Option letters A–D. */
export const LETTERS = ['A', 'B', 'C', 'D'] as const;
