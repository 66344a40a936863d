import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOpenAiLlm } from '../../src/adapters/llm/openai-llm.js';
import { createLlmClassifier } from '../../src/answer/classify-intent-llm.js';
import { emptyConversation } from '../../src/core/conversation.js';
import { INTENTS, type Intent } from '../../src/core/reply.js';
import type { IntentClassifier } from '../../src/ports/intent.js';
import { type FakeOpenAi, startFakeOpenAi } from '../fakes/openai/create-fake-openai.js';
import { userText } from './llm-fixtures.js';

let fake: FakeOpenAi;
const calls: string[] = [];
const rules: IntentClassifier = {
  classify: async (text) => {
    calls.push(text);
    return 'other';
  },
};
const classifier = (timeoutMs = 1500) =>
  createLlmClassifier({
    llm: createOpenAiLlm({
      baseURL: fake.baseURL,
      apiKey: fake.apiKey,
      model: 'fake-chat',
      timeoutMs: 5000,
      maxRetries: 0,
    }),
    fallback: rules,
    timeoutMs,
  });

beforeAll(async () => {
  fake = await startFakeOpenAi();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.reset();
  calls.length = 0;
});

describe('createLlmClassifier', () => {
  it('returns the intent from structured output, with the text and the previous turn as data', async () => {
    fake.setReply(() => '{"intent":"complaint"}');
    const conv = { ...emptyConversation(0), lastIntent: 'product_question' as Intent, lastQuestion: 'HS1 多重' };
    await expect(classifier().classify('顾客说吹风机用了两天就坏了，要退货', conv)).resolves.toBe('complaint');
    expect(calls).toEqual([]);
    const body = fake.chatBodies()[0]!;
    expect(body.response_format?.type).toBe('json_schema');
    const schema = body.response_format?.json_schema?.schema as { properties: { intent: { enum: string[] } } };
    expect(schema.properties.intent.enum).toEqual([...INTENTS]);
    expect(body.messages[0]?.content).not.toContain('要退货');
    expect(userText(body)).toMatch(/<message>\n顾客说吹风机用了两天就坏了，要退货\n<\/message>/);
    expect(userText(body)).toContain('上一轮意图：product_question');
  });

  it('works with a server that only knows json_object', async () => {
    fake.setReply(() => '{"intent":"objection_handling"}');
    fake.behave('reject-json-schema');
    await expect(classifier().classify('顾客嫌贵怎么办', emptyConversation(0))).resolves.toBe('objection_handling');
    expect(fake.chatBodies().map((b) => b.response_format?.type)).toEqual(['json_schema', 'json_object']);
  });

  it.each([
    ['invalid JSON', () => fake.behave('bad-json')],
    ['an intent outside the enum', () => fake.setReply(() => '{"intent":"shopping"}')],
    ['a 500', () => fake.behave('500')],
    ['garbage', () => fake.behave('garbage')],
  ])('falls back to the rule classifier on %s', async (_name, arrange) => {
    arrange();
    await expect(classifier().classify('这款续航多久', emptyConversation(0))).resolves.toBe('other');
    expect(calls).toEqual(['这款续航多久']);
    expect(fake.requests.length).toBeGreaterThan(0);
  });

  it('falls back within the timeout on a slow server', async () => {
    fake.behave({ mode: 'slow', delayMs: 3000 });
    const t0 = Date.now();
    await expect(classifier(200).classify('这款续航多久', emptyConversation(0))).resolves.toBe('other');
    expect(Date.now() - t0).toBeLessThan(800);
    expect(calls).toHaveLength(1);
  });
});
