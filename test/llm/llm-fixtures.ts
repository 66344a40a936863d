import type { ReplyDraft } from '../../src/core/context.js';
import type { ProductDoc, SearchHit } from '../../src/ports/knowledge.js';
import type { PiiMasker } from '../../src/ports/pii.js';
import type { FakeChatBody } from '../fakes/openai/create-fake-openai.js';

export const dryer: ProductDoc = {
  id: 'pc-hs1-dryer',
  type: 'product',
  title: '风语 HS1 高速吹风机',
  name: '风语 HS1 高速吹风机',
  aliases: ['HS1'],
  tags: ['吹风机'],
  path: 'products/pc-hs1-dryer.md',
  status: 'active',
  price: 899,
  sections: [
    { heading: '核心卖点', text: '- 11 万转高速马达，3 分钟吹干中长发。\n- 负离子护发。' },
    { heading: '规格参数', text: '- 功率：1600W\n- 重量：约 320g\n- 保修：2 年' },
  ],
};

export const passages: SearchHit[] = dryer.sections.map((s, i) => ({
  doc: dryer,
  section: s.heading,
  text: s.text,
  score: 1 - i * 0.1,
}));

/** The structured answer the engine would have sent without an LLM. */
export function structuredDraft(over: Partial<ReplyDraft> = {}): ReplyDraft {
  return {
    intent: 'product_question',
    title: '风语 HS1 高速吹风机',
    blocks: [{ kind: 'fact', title: '重量', lines: ['约 320g'] }],
    text: '【风语 HS1 高速吹风机】\n▍重量\n· 约 320g\n来源：pc-hs1-dryer#规格参数',
    products: ['pc-hs1-dryer'],
    sources: [{ id: 'pc-hs1-dryer', type: 'product', section: '规格参数' }],
    mode: 'structured',
    declined: false,
    ...over,
  };
}

/** A deliberately simple masker: mainland mobile numbers only. */
export const testMasker: PiiMasker = { mask: (t) => t.replace(/1[3-9]\d{9}/g, '[手机号]') };

/** The last user message of a chat request. */
export function userText(body: FakeChatBody): string {
  const m = [...body.messages].reverse().find((x) => x.role === 'user');
  return typeof m?.content === 'string' ? m.content : '';
}

/** A well-behaved model: answers from the first passage it was given and cites it. */
export function citingReply(body: FakeChatBody): string {
  const id = /<passage n="1" id="([^"]+)"/.exec(userText(body))?.[1] ?? 'none';
  return `HS1 重约 320g，拿在手里不累 [${id}]。\n功率 1600W，吹得快 [${id}]。`;
}
