import { answerQuestion, CHOICE_REPLY, isCaseDoc } from '../../answer/answer-question.js';
import type { LinkingKnowledgeBase } from '../../answer/resolve-entities.js';
import { Composer } from '../../core/composer.js';
import { composeWithLlm } from './compose-with-llm.js';

const HELP_LINES = [
  '问产品：小蓝罐适合敏感肌吗',
  '比竞品：紫管眼霜跟隔壁那款比咋样',
  '处理投诉：顾客说包装破了要退货',
  '报反馈：反馈：王女士说面霜用了三天脸发红',
  '报竞品：竞品：隔壁店面霜买一送一，到周日',
];

/**
 * Product Q&A, competitor comparison, objection handling and complaint playbooks: one
 * engine, routed by intent. Remembers the products and competitor for follow-ups.
 */
export function createAnswerFeature(): Composer {
  const c = new Composer();
  // feedback_report lands here only when no feedback feature handled it: answer with the playbook.
  c.on(
    ['product_question', 'competitor_compare', 'objection_handling', 'complaint', 'feedback_report'],
    async (ctx) => {
      const kb = ctx.services.knowledge as LinkingKnowledgeBase;
      const asked = ctx.intent === 'feedback_report' ? 'complaint' : ctx.intent;
      const found = await answerQuestion(kb, ctx.msg.text, asked, ctx.conversation);
      const { passages, entities } = found;
      // The engine may answer as another kind than routed (a situation naming no product → its scenario script).
      const intent = ctx.intent === 'feedback_report' ? ctx.intent : found.draft.intent;
      const draft = { ...found.draft, intent };
      if (ctx.intent === 'feedback_report') {
        // A report is about a product first; the playbook is the follow-up.
        draft.sources = [...draft.sources].sort((a, b) => Number(b.type === 'product') - Number(a.type === 'product'));
      }
      // A clarifying question is asked as is; the LLM has nothing to compose from.
      const final = found.choices ? draft : await composeWithLlm(ctx, draft, passages);
      ctx.respond(final);
      const conv = ctx.conversation;
      const pickedFromChoices = Boolean(conv.choices?.length && CHOICE_REPLY.test(ctx.msg.text));
      // The product the answer was about: the one linked, or the one product answered from when the
      // question only hinted at it (a weak name shared by two sheets, settled by retrieval).
      const about =
        entities.product?.id ??
        (!draft.declined && !found.choices && draft.products.length === 1 ? draft.products[0] : undefined);
      if (about) conv.products = [about, ...conv.products.filter((p) => p !== about)].slice(0, 5);
      if (entities.competitor) {
        conv.competitors = [
          entities.competitor.id,
          ...conv.competitors.filter((p) => p !== entities.competitor?.id),
        ].slice(0, 3);
      }
      conv.lastIntent = intent;
      // A playbook or scenario-script answer sets the case being handled; an answer about a product named outright ends it.
      const lead = draft.sources[0];
      const leadDoc = lead ? kb.get(lead.id) : undefined;
      if (isCaseDoc(leadDoc) && !draft.declined) conv.caseDoc = leadDoc.id;
      else if (entities.product && !entities.fromConversation) delete conv.caseDoc;
      // After a pick, the question stays the one the choices were offered for.
      if (!pickedFromChoices) conv.lastQuestion = ctx.msg.text.slice(0, 200);
      if (found.choices) conv.choices = found.choices.map((p) => p.id);
      else delete conv.choices;
    },
  );
  c.on('other', async (ctx) => {
    const meaningful = /[\p{Script=Han}A-Za-z0-9]/u.test(ctx.msg.text);
    ctx.respond({
      intent: 'other',
      title: meaningful ? '没太明白' : '请输入文字问题',
      blocks: [{ kind: 'list', title: '可以这样问我', lines: HELP_LINES }],
      products: [],
      sources: [],
      mode: 'structured',
      declined: true,
    });
  });
  return c;
}
