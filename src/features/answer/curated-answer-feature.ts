import { softenLine } from '../../answer/compliance.js';
import { Composer } from '../../core/composer.js';
import type { ReplyDraft } from '../../core/context.js';
import type { FaqDoc } from '../../ports/knowledge.js';
import { isFaq, matchCuratedAnswer } from './match-curated-answer.js';

/** Intents a curated answer may answer (reports, quiz answers and commands are handled elsewhere). */
const ANSWERABLE = ['product_question', 'competitor_compare', 'objection_handling', 'complaint', 'other'] as const;

/** A product link this sure counts as the question naming that product. */
const SURE_LINK = 0.9;

/** The reply for a curated answer: the answer's lines, citing the faq document. */
export function curatedReply(doc: FaqDoc, intent: ReplyDraft['intent']): ReplyDraft {
  const lines = doc.answer
    .split(/\n+/)
    .map((l) => l.replace(/^\s*(?:[-*·•]|\d+[.、)])\s*/, '').trim())
    .filter(Boolean)
    .map((l) => softenLine(l))
    .filter((l): l is string => Boolean(l));
  return {
    intent: intent === 'other' ? 'product_question' : intent,
    title: doc.question,
    blocks: [{ kind: 'fact', title: '店长整理的标准答案', lines }],
    products: doc.product ? [doc.product] : [],
    sources: [{ id: doc.id, type: 'faq', section: '回答' }],
    mode: 'structured',
    declined: false,
  };
}

/**
 * Curated answers first: when a question matches a manager's curated answer (question or a
 * variant, after normalisation), it is answered from it and the use is counted; otherwise the
 * answer engine runs.
 */
export function createCuratedAnswerFeature(): Composer {
  const c = new Composer();
  c.on([...ANSWERABLE], async (ctx, next) => {
    const { knowledge, curatedStats, clock } = ctx.services;
    const faqs = knowledge.all().filter(isFaq);
    if (faqs.length === 0) return next();
    const linkedProducts = knowledge
      .linkProducts(ctx.msg.text)
      .filter((l) => l.score >= SURE_LINK)
      .map((l) => l.id);
    const hit = matchCuratedAnswer(ctx.msg.text, faqs, { linkedProducts });
    if (!hit) return next();
    const draft = curatedReply(hit.doc, ctx.intent);
    if (draft.blocks[0]?.lines.length === 0) return next();
    ctx.respond(draft);
    await curatedStats?.record(hit.doc.id, clock.now());
    const conv = ctx.conversation;
    if (hit.doc.product) conv.products = [hit.doc.product, ...conv.products.filter((p) => p !== hit.doc.product)];
    conv.lastIntent = draft.intent;
    conv.lastQuestion = ctx.msg.text.slice(0, 200);
  });
  return c;
}
