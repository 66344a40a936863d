import type { KnowledgeGap } from '../../ports/crm.js';
import type { KnowledgeBase } from '../../ports/knowledge.js';
import { CURATED_MATCH_THRESHOLD, isFaq, matchCuratedAnswer } from '../answer/match-curated-answer.js';
import { normalizeQuestion, questionSimilarity } from '../answer/question-similarity.js';

/** Declined questions that ask the same thing, with how often and when they were last asked. */
export interface GapGroup {
  /** Stable key of the group: the id of its newest gap. */
  id: string;
  /** The most asked wording (the shortest on a tie): the question a curated answer is written for. */
  question: string;
  /** Every distinct wording, newest first. */
  questions: string[];
  count: number;
  lastAt: number;
  products: string[];
  stores: string[];
  /** Why the bot declined (newest). */
  reason: string;
  /** The curated answer that now answers it, if one does. */
  answeredBy?: string;
}

/** Two gaps ask the same thing at this similarity (the same bar a curated answer must clear). */
export const SAME_QUESTION = CURATED_MATCH_THRESHOLD;

/**
 * Groups gaps (any order) by question similarity, biggest and newest first. Each group is
 * checked against the curated answers, so an answered gap shows which answer now covers it.
 */
export function groupGaps(gaps: KnowledgeGap[], kb: KnowledgeBase): GapGroup[] {
  const groups: (GapGroup & { norms: string[]; asked: Map<string, number> })[] = [];
  for (const g of [...gaps].sort((a, b) => b.at - a.at)) {
    const norm = normalizeQuestion(g.question);
    if (!norm) continue;
    const group = groups.find((x) => x.norms.some((n) => questionSimilarity(n, norm) >= SAME_QUESTION));
    if (!group) {
      groups.push({
        id: g.id,
        question: g.question,
        questions: [g.question],
        count: 1,
        lastAt: g.at,
        products: [...g.products],
        stores: [g.storeId],
        reason: g.reason,
        norms: [norm],
        asked: new Map([[g.question, 1]]),
      });
      continue;
    }
    group.count++;
    group.asked.set(g.question, (group.asked.get(g.question) ?? 0) + 1);
    if (!group.questions.includes(g.question) && group.questions.length < 20) group.questions.push(g.question);
    if (!group.norms.includes(norm) && group.norms.length < 20) group.norms.push(norm);
    for (const p of g.products) if (!group.products.includes(p)) group.products.push(p);
    if (!group.stores.includes(g.storeId)) group.stores.push(g.storeId);
  }
  const faqs = kb.all().filter(isFaq);
  return groups
    .map(({ norms: _norms, asked, ...rest }) => {
      const [question] = [...asked].sort((a, b) => b[1] - a[1] || a[0].length - b[0].length)[0] ?? [rest.question];
      const g = { ...rest, question };
      const hit = faqs.length ? matchCuratedAnswer(g.question, faqs) : undefined;
      return hit ? { ...g, answeredBy: hit.doc.id } : g;
    })
    .sort((a, b) => b.count - a.count || b.lastAt - a.lastAt);
}
