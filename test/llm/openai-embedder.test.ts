import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOpenAiEmbedder } from '../../src/adapters/embedders/openai-embedder.js';
import { type FakeOpenAi, startFakeOpenAi } from '../fakes/openai/create-fake-openai.js';
import { fakeVector } from '../fakes/openai/fake-vectors.js';

let fake: FakeOpenAi;
const cosine = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * (b[i] ?? 0), 0);

beforeAll(async () => {
  fake = await startFakeOpenAi({ embeddingDims: 48 });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

describe('createOpenAiEmbedder against the fake server', () => {
  it('discovers the dimensions, batches, and decodes the base64 vectors the SDK asks for', async () => {
    const e = await createOpenAiEmbedder({
      baseURL: fake.baseURL,
      apiKey: fake.apiKey,
      model: 'fake-embed',
      batchSize: 2,
    });
    expect(e.dimensions).toBe(48);
    expect(e.id).toBe('openai:fake-embed:48');
    const texts = ['敏感肌面霜', '敏感肌修护面霜', '不粘锅煎蛋'];
    const vectors = await e.embed(texts);
    expect(vectors).toHaveLength(3);
    for (const [i, v] of vectors.entries()) {
      const want = fakeVector(texts[i]!, 48);
      for (const [j, x] of v.entries()) expect(x).toBeCloseTo(want[j]!, 6);
    }
    expect(cosine(vectors[0]!, vectors[1]!)).toBeGreaterThan(cosine(vectors[0]!, vectors[2]!));
    const embedCalls = fake.requests.filter((r) => r.path === '/v1/embeddings');
    expect(embedCalls).toHaveLength(3);
    expect(embedCalls.map((r) => (r.body as { input: string[] }).input.length)).toEqual([1, 2, 1]);
    expect((embedCalls[1]!.body as { encoding_format?: string }).encoding_format).toBe('base64');
  });

  it('fails with a clear error on a wrong key or an unknown model', async () => {
    await expect(
      createOpenAiEmbedder({ baseURL: fake.baseURL, apiKey: 'sk-wrong', model: 'fake-embed' }),
    ).rejects.toThrow(/401/);
    await expect(createOpenAiEmbedder({ baseURL: fake.baseURL, apiKey: fake.apiKey, model: 'nope' })).rejects.toThrow(
      /404/,
    );
  });
});
