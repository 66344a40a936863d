import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion } from '../../src/answer/answer-question.js';
import type { LinkingKnowledgeBase } from '../../src/answer/resolve-entities.js';
import { unknownTerm } from '../../src/answer/unknown-term.js';
import { emptyConversation } from '../../src/core/conversation.js';
import { FIRST_SCREEN_CHARS, MORE_MARKER } from '../../src/core/render-text.js';
import type { Reply } from '../../src/core/reply.js';
import { createAsker, createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';

let rt: TestRuntime;
const ask = createAsker(() => rt, 'd');

beforeAll(async () => {
  rt = await createTestRuntime();
});
afterAll(async () => {
  await rt.close();
});

describe('answer decisions on the demo pack', () => {
  it('answers generic asks from the sheet (the issue’s own reproduction)', async () => {
    const cases: [string, string][] = [
      ['紫管眼霜有什么卖点', 'sk-purple-eye'],
      ['玻璃奶瓶有什么卖点', 'bb-bottle-glass'],
    ];
    for (const [q, id] of cases) {
      const r = await ask(q);
      expect(r.intent).toBe('product_question');
      expect(r.declined).toBe(false);
      expect(r.sources[0]?.id).toBe(id);
    }
  });

  it('answers price from the sheet, and a warranty the sheet does not state is said to be missing and logged as a gap', async () => {
    const price = await ask('紫桶洗衣液多少钱');
    expect(price.declined).toBe(false);
    expect(price.sources[0]?.id).toBe('hc-lavender-detergent');
    expect(price.text).toMatch(/售价 [\d.]+ 元/);
    const warranty = await ask('紫桶洗衣液保修多久', 'gap-user');
    expect(warranty.declined).toBe(false);
    expect(warranty.sources[0]?.id).toBe('hc-lavender-detergent');
    expect(warranty.text).toContain('没有写明“保修”');
    expect(warranty.gap).toBeTruthy();
    const gaps = await rt.services.crm.listGaps({});
    expect(gaps.some((g) => g.userId === 'gap-user' && g.reason.includes('保修'))).toBe(true);
  });

  it('a follow-up in a complaint conversation is answered from the playbook being followed', async () => {
    const first = await ask('顾客说包装破了要退货', 'pb-user', 'pb-chat');
    expect(first.sources[0]?.id).toBe('pb-damaged-package');
    // Asked alone, nothing names the case: the playbook's compensation line is not what answers it.
    const alone = await ask('礼品能送多少钱的');
    expect(alone.sources[0]?.id).not.toBe('pb-damaged-package');
    expect(alone.text).not.toContain('30 元');
    const next = await ask('礼品能送多少钱的', 'pb-user', 'pb-chat');
    expect(next.declined).toBe(false);
    expect(next.sources[0]?.id).toBe('pb-damaged-package');
    expect(next.text).toContain('30 元');
    // A product named outright ends the case: its own sheet answers.
    const product = await ask('紫管眼霜有什么卖点', 'pb-user', 'pb-chat');
    expect(product.sources[0]?.id).toBe('sk-purple-eye');
  });

  it('a follow-up in an objection conversation is answered from the scenario script in hand', async () => {
    const first = await ask('顾客说要回去和家里人商量一下', 'sc-user', 'sc-chat');
    expect(first.sources[0]?.id).toBe('scenario-hesitant');
    // Asked alone, a product sheet answers; after the objection, the script being followed does.
    const alone = await ask('试用装能领几g');
    expect(alone.sources[0]?.id).not.toBe('scenario-hesitant');
    const next = await ask('试用装能领几g', 'sc-user', 'sc-chat');
    expect(next.intent).toBe('objection_handling');
    expect(next.sources[0]?.id).toBe('scenario-hesitant');
    expect(next.text).toContain('5g');
  });

  it('a follow-up routed as a comparison with no competitor and no comparison word is about our product', async () => {
    const kb = rt.services.knowledge as unknown as LinkingKnowledgeBase;
    const inTalk = { ...emptyConversation(0), products: ['sk-purple-eye'], lastQuestion: '紫管眼霜有什么卖点' };
    const r = await answerQuestion(kb, '绿管那个呢', 'competitor_compare', inTalk);
    expect(r.draft.intent).toBe('product_question');
    expect(r.draft.declined).toBe(false);
    expect(r.draft.sources[0]?.id).toBe('sk-green-eye');
    // With a comparison word it stays a comparison.
    const vs = await answerQuestion(kb, '跟隔壁那款比呢', 'competitor_compare', inTalk);
    expect(vs.draft.intent).toBe('competitor_compare');
  });

  it('an amount or a word general Chinese knows as a verb or idiom is no unknown brand; an unknown noun may be', () => {
    const kb = rt.services.knowledge as unknown as LinkingKnowledgeBase;
    expect(unknownTerm(kb, '两岁小孩能用不')).toBeUndefined();
    expect(unknownTerm(kb, '刚出生的能用吗')).toBeUndefined();
    expect(unknownTerm(kb, '北面冲锋衣跟我们比怎么样')).toBe('北面');
  });

  it('when a product came out is answered from the sheet’s front matter', async () => {
    const r = await ask('紫管眼霜什么时候上市的');
    expect(r.declined).toBe(false);
    expect(r.sources[0]?.id).toBe('sk-purple-eye');
    expect(r.text).toMatch(/上市时间 \d{4}-\d{2}-\d{2}/);
  });

  it('asks which one is meant when two products tie, and a numbered reply picks one', async () => {
    const chat = 'tie-chat';
    const first = await ask('智能手表续航多久', 'assoc', chat);
    expect(first.title).toBe('你问的是哪一款？');
    expect(first.sources).toEqual([]);
    const labels = first.actions?.map((a) => a.label) ?? [];
    expect(labels.length).toBeGreaterThanOrEqual(2);
    expect(first.text).toMatch(/1\. .+\n.*2\. /s);
    const second = await ask('2', 'assoc', chat);
    expect(second.intent).toBe('product_question');
    expect(second.declined).toBe(false);
    const chosen = rt.services.knowledge.products().find((p) => p.name === labels[1]);
    expect(second.products[0]).toBe(chosen?.id);
    expect(second.text).toMatch(/续航|天/);
  });

  it('declines a comparison with a brand the pack has no document for', async () => {
    const r = await ask('北面三合一冲锋衣跟我们比怎么样');
    expect(r.declined).toBe(true);
    expect(r.text).toContain('北面');
    expect(r.sources.some((s) => s.type === 'competitor')).toBe(false);
  });

  it('lists catalogue matches with what matched', async () => {
    const r = await ask('有没有适合敏感肌的面霜');
    expect(r.products.length).toBeGreaterThanOrEqual(2);
    expect(r.sources.map((s) => s.id)).toEqual(r.products);
    expect(r.text).toMatch(/敏感/);
  });

  it('keeps the first screen phone-sized and folds the rest behind 更多', async () => {
    const r = await ask('顾客说包装破了要退货');
    expect(r.intent).toBe('complaint');
    const cut = r.text.indexOf(MORE_MARKER);
    const first = cut >= 0 ? r.text.slice(0, cut) : r.text;
    expect(Array.from(first).length).toBeLessThanOrEqual(FIRST_SCREEN_CHARS);
    expect(cut).toBeGreaterThan(0);
  });

  it('a phone number in a report does not change the playbook or its deadline', async () => {
    const plain = await ask('反馈：王女士说面霜用了三天脸发红');
    const withPhone = await ask('反馈：王女士说面霜用了三天脸发红，电话13812345678');
    const step = (r: Reply) => r.blocks.find((b) => b.title.startsWith('下一步'))?.title;
    expect(step(withPhone)).toBe(step(plain));
    expect(withPhone.text).not.toContain('13812345678');
  });
});
