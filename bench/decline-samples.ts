/**
 * Prints every decline decision of the fitting packs (not the held-out ones) as TSV: pack,
 * question id, truth, the model's P(decline), the features, and the uncovered words. For
 * reading what the decline model sees; `npm run bench:fit` fits it.
 *
 *   npx tsx bench/decline-samples.ts > /tmp/declines.tsv
 */

import { answerQuestion } from '../src/answer/answer-question.js';
import { askCoverage } from '../src/answer/coverage.js';
import { DECLINE_FEATURES, declineProbability } from '../src/answer/decide/decline-model.js';
import { decideIntent } from '../src/answer/decide/model-classifier.js';
import { engineState } from '../src/answer/engine-state.js';
import { docLines } from '../src/answer/extract-lines.js';
import { emptyConversation } from '../src/core/conversation.js';
import { loadPacks } from './fit-decider.js';

const packs = await loadPacks();
console.log(['pack', 'id', 'truth', 'P', ...DECLINE_FEATURES, 'focus', 'uncovered', 'q'].join('\t'));
for (const p of packs) {
  const st = engineState(p.kb as never);
  for (const q of [...p.questions, ...p.declineExtra]) {
    const { intent } = decideIntent(p.kb, q.q, emptyConversation(0));
    if (intent === 'feedback_report' || q.intent === 'feedback_report') continue;
    const r = await answerQuestion(p.kb as never, q.q, intent, emptyConversation(0));
    const x = r.declineInput;
    if (!x) continue;
    const e = r.entities;
    const names = e.product ? [e.product.name, ...e.product.aliases] : [];
    const docs = e.product ? [e.product] : [];
    const cov = askCoverage(st.speller.correct(q.q).text, docs.flatMap(docLines), names);
    console.log(
      [
        p.name,
        q.id,
        q.intent === 'unanswerable' ? 'UNANS' : 'ans',
        declineProbability(x, st.decline).toFixed(2),
        ...DECLINE_FEATURES.map((n) => Number(x[n]).toFixed(2)),
        cov.focus.join(','),
        cov.uncovered.join(','),
        q.q,
      ].join('\t'),
    );
  }
}
