import { describe, expect, it } from 'vitest';
import { renderPrompt } from '../../src/answer/render-prompt.js';
import { DaogouError } from '../../src/core/errors.js';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DaogouError);
    return (err as DaogouError).code;
  }
  return 'no error';
};

describe('renderPrompt', () => {
  it('fills the placeholders of a prompt file', () => {
    const out = renderPrompt('answer', { intent: 'complaint' });
    expect(out).toContain('本题类型：complaint');
    expect(out).not.toMatch(/\{\{/);
  });

  it('substitutes in one pass, so a value never expands further placeholders', () => {
    const out = renderPrompt('answer-input', { count: 1, passages: '{{question}}', question: 'HS1 多重？' });
    expect(out).toContain('<passages>\n{{question}}\n</passages>');
    expect(out).toContain('<question>\nHS1 多重？\n</question>');
  });

  it('names the missing variable and the missing file', () => {
    expect(codeOf(() => renderPrompt('answer', {}))).toBe('PROMPT_VAR_MISSING');
    expect(() => renderPrompt('answer', {})).toThrow('{{intent}}');
    expect(codeOf(() => renderPrompt('no-such-prompt'))).toBe('PROMPT_MISSING');
    expect(() => renderPrompt('no-such-prompt')).toThrow('prompts/no-such-prompt.md');
    expect(codeOf(() => renderPrompt('../package'))).toBe('PROMPT_NAME_INVALID');
  });

  it('every prompt the LLM code uses exists and renders', () => {
    expect(renderPrompt('classify-intent')).toContain('product_question');
    expect(renderPrompt('classify-intent-input', { text: 'x', last_intent: '-', last_question: '-' })).toContain(
      '<message>',
    );
    expect(renderPrompt('json-output', { schema: '{}' })).toMatch(/JSON/);
  });
});
