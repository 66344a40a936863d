import type { ConversationState } from '../../core/conversation.js';
import type { Intent } from '../../core/reply.js';
import type { IntentClassifier } from '../../ports/intent.js';
import { CHOICE_REPLY } from '../answer-question.js';
import { engineState } from '../engine-state.js';
import { argmax } from '../intent-model/intent-model.js';
import { scoreIntents } from './intent-decider.js';
import { COMMAND, QUIZ_ANSWER, REPORT_PREFIX } from './message-formats.js';
import { computeSignals, modelText, type SignalSource } from './signals.js';

/** What the classifier decided, with its evidence (for the answer engine and the bench). */
export interface IntentDecision {
  intent: Intent;
  /** Probability of the chosen intent after weighing text and pack signals. */
  confidence: number;
  correctedText: string;
}

/**
 * Decides the intent of one message: the bot's own syntax first (commands, quiz answers,
 * `反馈：` reports), then the pack-independent text model weighed with signals from the
 * pack (playbook triggers, retrieval by document type, links, contact details) by fitted weights.
 */
export function decideIntent(kb: SignalSource, raw: string, conversation: ConversationState): IntentDecision {
  const text = raw.trim();
  // Nothing to read (emoji, punctuation): small talk, answered with the help card.
  if (!/[\p{Script=Han}A-Za-z0-9]/u.test(text)) return { intent: 'other', confidence: 1, correctedText: text };
  // `2` after "你问的是哪一款？": the pick continues the product question.
  if (CHOICE_REPLY.test(text) && conversation.choices?.length) {
    return { intent: 'product_question', confidence: 1, correctedText: text };
  }
  if (COMMAND.test(text)) return { intent: 'command', confidence: 1, correctedText: text };
  if (QUIZ_ANSWER.test(text)) return { intent: 'quiz_answer', confidence: 1, correctedText: text };
  const state = engineState(kb);
  const corrected = state.speller.correct(text).text;
  if (REPORT_PREFIX.test(text)) return { intent: 'feedback_report', confidence: 1, correctedText: corrected };
  const probs = state.intentModel.predict(modelText(kb, corrected));
  const signals = computeSignals(kb, corrected, probs, conversation);
  const textTop = argmax(probs);
  // Small talk and fragments: the text model alone, unless the pack recognises something in it.
  if (
    textTop === 'other' &&
    (probs.other ?? 0) > 0.6 &&
    signals.product < 0.5 &&
    signals.competitor < 0.6 &&
    !signals.followUp
  ) {
    return { intent: 'other', confidence: probs.other ?? 0, correctedText: corrected };
  }
  // Filing a report opens a ticket: without the 反馈： marker it takes a customer's contact or name
  // (王女士 138…); a request for a product (想找一款…) is never filed.
  const ranked = scoreIntents(signals, state.decider).filter(
    (s) => s.intent !== 'feedback_report' || signals.contact > 0,
  );
  const [best] = ranked;
  return { intent: best?.intent ?? 'product_question', confidence: best?.p ?? 0, correctedText: corrected };
}

/** The default, offline intent classifier. */
export function createModelClassifier(kb: SignalSource): IntentClassifier {
  return {
    async classify(text: string, conversation: ConversationState) {
      return decideIntent(kb, text, conversation).intent;
    },
  };
}
