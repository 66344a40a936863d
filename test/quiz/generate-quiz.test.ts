import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lintText } from '../../src/answer/compliance.js';
import { findAmbiguity } from '../../src/features/quiz/check-question.js';
import { generateQuiz } from '../../src/features/quiz/generate-quiz.js';
import { parseDuration, reminderOffsets } from '../../src/features/quiz/parse-duration.js';
import { createTestRuntime, FIXTURE_PACK, type TestRuntime } from '../helpers/test-runtime.js';

for (const [name, packDir] of [
  ['demo pack', undefined],
  ['pet-shop fixture pack', FIXTURE_PACK],
] as const) {
  describe(`rule generation on the ${name}`, () => {
    let rt: TestRuntime;
    beforeAll(async () => {
      rt = await createTestRuntime(packDir ? { packDir } : {});
    });
    afterAll(() => rt.close());

    it('asks no ambiguous, non-compliant or uncited question for any product', () => {
      let total = 0;
      for (const p of rt.services.knowledge.products()) {
        const { questions } = generateQuiz(rt.services.knowledge, p.id);
        for (const q of questions) {
          total++;
          expect(findAmbiguity(rt.services.knowledge, q), `${p.id}: ${q.stem}`).toBeUndefined();
          expect(q.options.filter((_o, i) => i !== q.answer).some((o) => o === q.options[q.answer])).toBe(false);
          for (const t of [q.stem, q.explanation, ...q.options]) expect(lintText(t), t).toEqual([]);
          expect(rt.services.knowledge.get(q.source.id)?.sections.some((s) => s.heading === q.source.section)).toBe(
            true,
          );
        }
      }
      expect(total).toBeGreaterThan(rt.services.knowledge.products().length * 3);
    });

    it('includes a competitor and a FABE/benefit question whenever the pack has them', () => {
      const kb = rt.services.knowledge;
      for (const p of kb.products()) {
        const { questions } = generateQuiz(kb, p.id);
        if (kb.competitorsOf(p.id).length)
          expect(
            questions.some((q) => q.kind === 'competitor'),
            p.id,
          ).toBe(true);
        if (kb.scriptsOf(p.id).some((s) => s.title.includes('FABE')))
          expect(
            questions.some((q) => q.kind === 'fabe'),
            p.id,
          ).toBe(true);
        expect(
          questions.some((q) => q.skill === 'FABE话术'),
          p.id,
        ).toBe(true);
      }
    });
  });
}

describe('findAmbiguity', () => {
  it('rejects a distractor the product document also states, and evidence missing from the cited section', async () => {
    const rt = await createTestRuntime();
    const kb = rt.services.knowledge;
    const [q] = generateQuiz(kb, 'sk-calm-cream').questions.filter((x) => x.kind === 'spec');
    expect(q).toBeDefined();
    const wrong = q!.options.findIndex((_, i) => i !== q!.answer);
    // 3 年 (shelf life) is also true of this product: as a distractor it makes the question ambiguous.
    const bad = { ...q!, options: q!.options.map((o, i) => (i === wrong ? '3 年' : o)) };
    expect(findAmbiguity(kb, bad)).toMatch(/also stated/);
    expect(findAmbiguity(kb, { ...q!, evidence: ['999g'] })).toMatch(/not in/);
    expect(findAmbiguity(kb, { ...q!, source: { id: 'sk-calm-cream', section: '不存在' } })).toMatch(/unknown section/);
    await rt.close();
  });
});

describe('durations', () => {
  it('parses ISO-8601 and short forms and scales reminders for short quizzes', () => {
    expect(parseDuration('PT48H')).toBe(48 * 3_600_000);
    expect(parseDuration('P2D')).toBe(48 * 3_600_000);
    expect(parseDuration('48h')).toBe(48 * 3_600_000);
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('48小时')).toBe(48 * 3_600_000);
    expect(parseDuration('soon')).toBeUndefined();
    expect(parseDuration('PT')).toBeUndefined();
    expect(reminderOffsets(48 * 3_600_000)).toEqual([24 * 3_600_000, 44 * 3_600_000]);
    expect(reminderOffsets(20_000)).toEqual([10_000, 18_000]);
  });
});
