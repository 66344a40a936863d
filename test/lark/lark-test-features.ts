import { Composer } from '../../src/core/composer.js';
import type { ReplyBlock } from '../../src/core/reply.js';

/** A line long enough that a few hundred of them exceed a 30 KB card. */
export const LONG_LINE = '这款吹风机采用高速无刷电机，风量大、噪音低，配合负离子护发，适合细软发质日常使用。';

/** Partial texts the fake LLM "streams" for a `流式…` question. */
export const STREAM_PARTS = [
  '这款',
  '这款精华',
  '这款精华主打',
  '这款精华主打温和焕肤，',
  '这款精华主打温和焕肤，适合敏感肌。',
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Stands in for the answer engine until the real one is wired into the tests: a structured
 * FABE/compare/steps answer by default; `长答案` (too big for a card), `很多块` (too many
 * components), `流式…` (LLM mode with partial text), `流式失败` (LLM dies mid-stream) and
 * `静默` (no reply).
 */
export function createLarkTestFeatures(): Composer {
  const c = new Composer();
  c.use((ctx, next) => (ctx.msg.text === '静默' ? undefined : next()));
  c.command(/^流式失败/, async (ctx) => {
    await ctx.options.onPartialText?.('这款产品');
    await sleep(30);
    await ctx.options.onPartialText?.('这款产品的核心卖点');
    await sleep(30);
    throw Object.assign(new Error('LLM stream broke'), { code: 'LLM_FAILED' });
  });
  c.command(/^流式/, async (ctx) => {
    for (const part of STREAM_PARTS) {
      await ctx.options.onPartialText?.(part);
      await sleep(40);
    }
    ctx.respond({
      intent: 'product_question',
      title: '温和焕肤精华',
      blocks: [],
      text: `${STREAM_PARTS.at(-1)}\n**建议**：先在耳后试用。`,
      products: ['sk-bha-serum'],
      sources: [{ id: 'sk-bha-serum', type: 'product', section: '卖点' }],
      mode: 'llm',
      declined: false,
    });
  });
  c.command(/^长答案/, (ctx) => {
    const lines = Array.from({ length: 500 }, (_, i) => `${LONG_LINE}（第${i + 1}条）`);
    ctx.respond({
      intent: 'product_question',
      title: '长答案',
      blocks: [{ kind: 'list', title: '要点', lines }],
      products: [],
      sources: [],
      mode: 'structured',
      declined: false,
    });
  });
  c.command(/^很多块/, (ctx) => {
    const blocks: ReplyBlock[] = Array.from({ length: 120 }, (_, i) => ({
      kind: 'fact',
      title: `第${i + 1}点`,
      lines: ['短'],
    }));
    ctx.respond({
      intent: 'product_question',
      title: '很多块',
      blocks,
      products: [],
      sources: [],
      mode: 'structured',
      declined: false,
    });
  });
  c.use((ctx) => {
    ctx.respond({
      intent: ctx.intent,
      title: '高速吹风机 HS1',
      blocks: [
        {
          kind: 'fabe',
          title: 'FABE',
          lines: [`F：你问的是「${ctx.msg.text}」`, 'A：11 万转无刷电机', 'B：3 分钟吹干', 'E：门店实测'],
        },
        { kind: 'compare', title: '对比竞品', lines: ['风量更大', '价格低 30%'] },
        { kind: 'steps', title: '话术步骤', lines: ['先问发质', '再演示风量'] },
      ],
      products: ['pc-hs1-dryer'],
      sources: [
        { id: 'pc-hs1-dryer', type: 'product', section: '卖点' },
        { id: 'comp-dyson-supersonic', type: 'competitor' },
      ],
      mode: 'structured',
      declined: false,
    });
  });
  return c;
}
