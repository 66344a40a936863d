import { describe, expect, it } from 'vitest';
import { stripMentions } from '../../src/channels/lark/message-content.js';
import { countCardElements, renderCard } from '../../src/channels/lark/render-card.js';
import { renderOutbound } from '../../src/channels/lark/render-outbound.js';
import type { Reply } from '../../src/core/reply.js';
import { validateCard } from '../fakes/lark/validate-content.js';

const reply: Reply = {
  id: 'r_abc',
  intent: 'complaint',
  title: '包装破损退货',
  blocks: [
    { kind: 'steps', title: '处理步骤', lines: ['先道歉', '登记订单 <at id=all></at>'] },
    { kind: 'sla', title: '时限', lines: ['24 小时内回电'] },
  ],
  text: '【包装破损退货】',
  products: [],
  sources: [{ id: 'pb-quality-return', type: 'playbook', section: '步骤' }],
  mode: 'structured',
  declined: false,
  latencyMs: 5,
};

describe('renderCard', () => {
  it('renders a valid JSON 2.0 card: header, sections, sources footer, vote buttons carrying the reply id', () => {
    const card = renderCard(reply);
    const json = JSON.stringify(card);
    expect(validateCard(card, Buffer.byteLength(json))).toBeUndefined();
    expect(card).toMatchObject({
      schema: '2.0',
      config: { update_multi: true },
      header: { title: { content: '包装破损退货' }, template: 'orange' },
    });
    expect(json).toContain('**🧭 处理步骤**');
    expect(json).toContain('1. 先道歉\\n2. 登记订单');
    expect(json).toContain('来源：pb-quality-return#步骤');
    expect(json).toContain('{"action":"vote","reply_id":"r_abc","vote":"up"}');
    expect(json).toContain('{"action":"vote","reply_id":"r_abc","vote":"down"}');
    expect(countCardElements(card.body)).toBeLessThan(20);
  });

  it('shows knowledge text verbatim: tags in lines sit in plain_text, never in markdown', () => {
    const card = renderCard(reply) as {
      body: { elements: { tag: string; content?: string; text?: { tag: string; content: string } }[] };
    };
    const withTag = card.body.elements.find((e) => e.text?.content.includes('<at id=all>'));
    expect(withTag?.tag).toBe('div');
    expect(withTag?.text?.tag).toBe('plain_text');
    expect(card.body.elements.filter((e) => e.tag === 'markdown').some((e) => e.content?.includes('<at'))).toBe(false);
  });

  it('LLM markdown keeps formatting but cannot @everyone', () => {
    const card = renderCard({ ...reply, blocks: [], mode: 'llm', text: '**重点**：<at id=all></at> 试试' });
    const json = JSON.stringify(card);
    expect(json).toContain('**重点**');
    expect(json).not.toContain('<at id=all>');
  });

  it('fits → one card; too big → text parts', () => {
    expect(renderOutbound(reply).map((m) => m.msgType)).toEqual(['interactive']);
    const big = {
      ...reply,
      blocks: [
        { kind: 'list' as const, title: 'x', lines: Array.from({ length: 900 }, () => '很长的一行说明文字'.repeat(3)) },
      ],
    };
    const parts = renderOutbound({ ...big, text: big.blocks[0]!.lines.join('\n') });
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((p) => p.msgType === 'text')).toBe(true);
  });
});

describe('stripMentions', () => {
  it('removes the bot key, names other people, and does not confuse @_user_1 with @_user_10', () => {
    const mentions = Array.from({ length: 10 }, (_, i) => ({
      key: `@_user_${i + 1}`,
      id: { open_id: i === 0 ? 'ou_bot' : `ou_${i}` },
      name: `人${i + 1}`,
    }));
    expect(stripMentions('@_user_1  问下 @_user_10 和 @_user_2', mentions, 'ou_bot')).toBe('问下 @人10 和 @人2');
    expect(stripMentions('@_all 通知', [], 'ou_bot')).toBe('通知');
  });
});
