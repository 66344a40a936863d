import { describe, expect, it } from 'vitest';
import { renderCard } from '../../src/channels/lark/render-card.js';
import type { Reply } from '../../src/core/reply.js';

const long = (n: number) => Array.from({ length: n }, (_, i) => `第${i + 1}步：${'先道歉再确认后解决'.repeat(3)}`);

describe('Lark card first screen', () => {
  it('folds everything past the first screen into a collapsed 更多 panel, losing no line', () => {
    const reply: Reply = {
      id: 'r1',
      intent: 'complaint',
      title: '包装破损退货',
      blocks: [
        { kind: 'steps', title: '处理步骤', lines: long(7) },
        { kind: 'script', title: '可以这样说', lines: ['真的很抱歉'] },
      ],
      text: '',
      products: [],
      sources: [{ id: 'pb-x', type: 'playbook' }],
      mode: 'structured',
      declined: false,
      latencyMs: 1,
    };
    const card = renderCard(reply) as { body: { elements: Record<string, unknown>[] } };
    const panel = card.body.elements.find((e) => e.tag === 'collapsible_panel') as
      | { expanded: boolean; elements: { content?: string; text?: { content: string } }[] }
      | undefined;
    expect(panel?.expanded).toBe(false);
    const before = card.body.elements.slice(0, card.body.elements.indexOf(panel as never));
    const text = (els: { content?: string; text?: { content: string } }[]) =>
      els.map((e) => e.content ?? e.text?.content ?? '').join('\n');
    expect(Array.from(text(before as never)).length).toBeLessThanOrEqual(250);
    const all = `${text(before as never)}\n${text(panel?.elements ?? [])}`;
    for (const line of [...long(7), '真的很抱歉']) expect(all).toContain(line);
  });
});
