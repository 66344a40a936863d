import type { FaqDoc, KnowledgeDoc } from '../../ports/knowledge.js';
import { normalizeQuestion, questionSimilarity } from './question-similarity.js';

/**
 * A question is answered from a curated answer when its normalised form is at least this
 * similar to the curated question or one of its variants. Chosen on the labelled pairs in
 * test/curated/match-curated-answer.test.ts: light paraphrases and typos score ≥ 0.73, questions
 * about another fact or another group of people ≤ 0.60; 0.7 sits in that gap, nearer the top,
 * because a wrong curated answer costs more than a missed one (the engine still answers).
 * Another product is kept apart by product links, not by this number.
 */
export const CURATED_MATCH_THRESHOLD = 0.7;

export interface CuratedMatch {
  doc: FaqDoc;
  score: number;
  /** The question or variant that matched. */
  matched: string;
}

export const isFaq = (d: KnowledgeDoc): d is FaqDoc => d.type === 'faq';

/**
 * The best curated answer for a question, or undefined below the threshold. A curated answer
 * about one product never answers a question that names a different product.
 */
export function matchCuratedAnswer(
  question: string,
  faqs: FaqDoc[],
  opts: { linkedProducts?: string[]; threshold?: number } = {},
): CuratedMatch | undefined {
  const asked = normalizeQuestion(question);
  if (asked.length < 2) return undefined;
  const threshold = opts.threshold ?? CURATED_MATCH_THRESHOLD;
  const linked = opts.linkedProducts ?? [];
  let best: CuratedMatch | undefined;
  for (const doc of faqs) {
    if (doc.product && linked.length > 0 && !linked.includes(doc.product)) continue;
    for (const q of [doc.question, ...doc.variants]) {
      const score = questionSimilarity(asked, normalizeQuestion(q));
      if (score >= threshold && (!best || score > best.score)) best = { doc, score, matched: q };
    }
  }
  return best;
}
