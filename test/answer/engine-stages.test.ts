import { describe, expect, it } from 'vitest';
import { askCoverage, askedHead, genericAsks } from '../../src/answer/coverage.js';
import modelJson from '../../src/answer/intent-model/intent.model.json' with { type: 'json' };
import { IntentModel } from '../../src/answer/intent-model/intent-model.js';
import { NaiveBayes } from '../../src/answer/intent-model/naive-bayes.js';
import { createSpeller } from '../../src/answer/spell/create-speller.js';
import { readCorpus } from '../../src/entry/train-intent-model.js';

describe('spelling correction against the domain vocabulary', () => {
  const speller = createSpeller(['本品保修两年，支持以旧换新。退货请保留包装。', '破壁机 1.75L'], []);
  it('fixes a homophone slip of a word the pack writes', () => {
    expect(speller.correct('这个包修几年').text).toBe('这个保修几年');
    expect(speller.correct('破避机太吵了顾客不要').text).toContain('破壁机');
  });
  it('never changes a word that is already right or a window across words', () => {
    for (const ok of ['这个保修几年', '这款能试用吗', '猫能吃吗', '碧玺手链是天然的吗']) {
      expect(speller.correct(ok).corrections).toEqual([]);
    }
  });
});

describe('coverage of the asked concept', () => {
  const lines = [
    { docId: 'p', section: '规格', text: '额定功率 2400W，5L 大容量' },
    { docId: 'p', section: '售后', text: '整机保修一年' },
  ];
  it('covers asked words, ignores context clauses', () => {
    expect(askCoverage('功率多大 顾客家里电路老', lines, []).coverage).toBe(1);
  });
  it('an uncovered wh-phrase means the pack cannot answer', () => {
    expect(askedHead('是哪个厂家生产的', [])).toEqual(['厂家']);
    expect(askedHead('这批核桃是哪产的', [])).toContain('产地');
    expect(askCoverage('是哪个厂家生产的', lines, []).coverage).toBe(0);
  });
  it('recognises generic asks', () => {
    expect(genericAsks('这款有什么卖点').map((a) => a.name)).toContain('卖点');
  });
});

describe('intent model', () => {
  it('naive Bayes learns and round-trips', () => {
    const nb = NaiveBayes.fit([
      { features: ['a', 'b'], label: 'x' },
      { features: ['c', 'd'], label: 'y' },
    ]);
    const again = NaiveBayes.fromJSON(JSON.parse(JSON.stringify(nb.toJSON())));
    expect(again.predict(['a'])[0]).toBeGreaterThan(0.5);
    expect(again.predict(['d'])[1]).toBeGreaterThan(0.5);
  });
  it('the saved model is the fit of the committed corpus (run npm run train:intent after editing it)', async () => {
    const fresh = IntentModel.fit(await readCorpus());
    expect(JSON.stringify(fresh.toJSON())).toBe(JSON.stringify(modelJson));
  });
});
