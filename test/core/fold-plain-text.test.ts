import { describe, expect, it } from 'vitest';
import { foldPlainText, MORE_HINT, MORE_MARKER, renderPlainText } from '../../src/core/render-text.js';

describe('foldPlainText (WeCom and WeChat: 回复 1 看更多)', () => {
  const long = renderPlainText(
    '包装破损',
    [
      {
        kind: 'steps',
        title: '怎么做',
        lines: Array.from({ length: 8 }, (_, i) => `第${i + 1}步：先核对订单号与破损照片`),
      },
      { kind: 'script', title: '可以这样说', lines: ['非常抱歉让您遇到这种情况。'] },
    ],
    [{ id: 'pb-damaged', type: 'playbook' }],
  );

  it('keeps the first screen and the sources, with the hint where the fold was', () => {
    expect(long).toContain(MORE_MARKER);
    const { first, more } = foldPlainText(long);
    expect(first).not.toContain(MORE_MARKER);
    expect(first).toContain(MORE_HINT);
    expect(first.endsWith('来源：pb-damaged')).toBe(true);
    expect(more).toContain('第8步');
    expect(more).toContain('非常抱歉');
    expect(more?.endsWith('来源：pb-damaged')).toBe(true);
    // Nothing is lost: every line of the reply is on one side of the fold.
    const lines = new Set([...first.split('\n'), ...(more ?? '').split('\n')]);
    for (const l of long.split('\n')) if (!l.startsWith(MORE_MARKER)) expect(lines.has(l)).toBe(true);
  });

  it('leaves a short reply as it is', () => {
    const short = renderPlainText('小问题', [{ kind: 'fact', title: '直接回答', lines: ['有的'] }], []);
    expect(foldPlainText(short)).toEqual({ first: short });
  });
});
