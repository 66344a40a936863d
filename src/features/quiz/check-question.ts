import type { KnowledgeBase } from '../../ports/knowledge.js';
import type { QuizQuestion } from '../../ports/quiz-store.js';
import { docText, norm, sectionText } from './pack-facts.js';

/**
 * Why a question is not safe to ask, or undefined when it is: 3–4 distinct options, a
 * valid answer, the cited section exists and contains the correct option's evidence, and
 * no distractor is also stated where it would be true (the product doc or the cited part).
 */
export function findAmbiguity(kb: KnowledgeBase, q: QuizQuestion): string | undefined {
  if (q.options.length < 3 || q.options.length > 4) return 'needs 3 or 4 options';
  if (!Number.isInteger(q.answer) || q.answer < 0 || q.answer >= q.options.length) return 'answer out of range';
  if (new Set(q.options.map(norm)).size !== q.options.length) return 'duplicate options';
  const doc = kb.get(q.source.id);
  if (!doc) return `cites unknown document ${q.source.id}`;
  const section = sectionText(doc, q.source.section);
  if (!section) return `cites unknown section ${q.source.id}#${q.source.section}`;
  if (q.evidence.length === 0) return 'no evidence';
  const missing = q.evidence.find((e) => !section.includes(norm(e)));
  if (missing) return `evidence "${missing}" is not in ${q.source.id}#${q.source.section}`;
  if (q.exclusive) {
    const scopeDoc = kb.get(q.exclusive.id);
    if (!scopeDoc) return `exclusive scope ${q.exclusive.id} is unknown`;
    const scope = q.exclusive.section ? sectionText(scopeDoc, q.exclusive.section) : docText(scopeDoc);
    const alsoTrue = q.options.find((o, i) => i !== q.answer && scope.includes(norm(o).replace(/…$/, '')));
    if (alsoTrue) return `distractor "${alsoTrue}" is also stated in ${q.exclusive.id}`;
  }
  return undefined;
}
