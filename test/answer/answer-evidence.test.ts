import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askCoverage } from '../../src/answer/coverage.js';
import type { DocLine } from '../../src/answer/extract-lines.js';
import { amountNotStated, amountsIn, askedMeasures, measureOf } from '../../src/answer/focus.js';
import { createAsker, createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';

const line = (text: string, section = '参数'): DocLine => ({ docId: 'p', section, text });

describe('measures asked by unit', () => {
  it('a number with its unit, or a wh-word with a unit, is answered by any number in that dimension', () => {
    expect(measureOf('七斤半')?.test('净重 3.5kg')).toBe(true);
    expect(measureOf('55平')?.test('适用 36–62 平米')).toBe(true);
    expect(measureOf('55平')?.test('净重 3.5kg')).toBe(false);
    // Counting words ask nothing along a dimension.
    expect(measureOf('一罐')).toBeUndefined();
    const [g] = askedMeasures('这台多少g');
    expect(g?.asked).toBe('多少g');
    expect(g?.re.test('重约 180 克')).toBe(true);
    expect(askedMeasures('能放几个人')).toEqual([]);
  });
});

describe('amounts asked and stated', () => {
  it('reads numbers with units, ranges, tenths after a Chinese unit and halves, in the smallest unit', () => {
    expect(amountsIn('有没有1.5升的')).toEqual([{ dimension: 'volume', min: 1500, max: 1500, approximate: false }]);
    expect(amountsIn('定做2米2长的')[0]?.min).toBe(2200);
    expect(amountsIn('七斤半')[0]?.min).toBe(3750);
    expect(amountsIn('适用 30-50㎡')[0]).toMatchObject({ dimension: 'area', min: 30, max: 50 });
    expect(amountsIn('一米九几')[0]?.approximate).toBe(true);
    // A rate (几块一g) and a network (5G) are no amounts; SI symbols keep their case.
    expect(amountsIn('几块一g')).toEqual([]);
    expect(amountsIn('家里5G的wifi')).toEqual([]);
    expect(amountsIn('5L装')[0]?.min).toBe(5000);
  });

  it('an exact amount no stated amount or range holds is not stated; one inside a range is', () => {
    expect(amountNotStated('有没有1.5升的大瓶', ['容量 750ml'])).toBe(true);
    expect(amountNotStated('有没有750毫升的', ['容量 750ml'])).toBe(false);
    expect(amountNotStated('十六斤的宝宝能穿吗', ['适合体重 6-11kg'])).toBe(false);
    // Nothing stated in that dimension: the measure is simply uncovered, not a missing amount.
    expect(amountNotStated('有没有1.5升的', ['净重 3kg'])).toBe(false);
  });
});

describe('coverage read without segmentation', () => {
  const sheet = [line('可机洗，30 度以下'), line('售价 299 元', '价格'), line('适用面积 30-50㎡')];

  it('asked characters a span of the evidence covers leave no residue; a concept it lacks does', () => {
    expect(askCoverage('能机洗不', sheet, []).features.residue).toBe(0);
    const staff = askCoverage('员工折扣价是几折', sheet, []).features;
    expect(staff.residue).toBe(1);
    expect(staff.residueRun).toBeGreaterThanOrEqual(0.5);
  });

  it('packAbsent counts what no document of the pack mentions, not what another document states', () => {
    const pack = '可机洗 售价 299 元 分期免息 12 期';
    expect(askCoverage('能分期吗', sheet, [], pack).features.packAbsent).toBe(0);
    expect(askCoverage('能分期吗', sheet, [], pack).features.residue).toBeGreaterThan(0);
    expect(askCoverage('发票抬头能写公司吗', sheet, [], pack).features.packAbsent).toBeGreaterThan(0);
  });
});

describe('coverage evidence', () => {
  const lines = [line('售价 299 元', '价格'), line('电池续航约 10 天', '续航'), line('表带为氟橡胶材质')];

  it('a price asked about a word is apart when no line states a price with that word', () => {
    expect(askCoverage('电池换一块要多少钱', lines, []).features.factApart).toBe(1);
    expect(askCoverage('多少钱', lines, []).features.factApart).toBe(0);
    expect(askCoverage('表带多少钱', [...lines, line('替换表带 49 元')], []).features.factApart).toBe(0);
  });

  it('a word whose characters no single line holds is unexplained and named as absent', () => {
    const cov = askCoverage('旧的拿来以旧换新行不', [line('新款上市'), line('旧款清仓'), line('以上价格含税')], []);
    expect(cov.absent).toContain('以旧换新');
    expect(cov.features.unexplained).toBeGreaterThan(0);
    // A line counts under its heading: 保质期 is found in a section so named.
    expect(askCoverage('保质期多久', [line('12 个月', '保质期')], []).uncovered).toEqual([]);
  });
});

describe('feedback reports without the marker', () => {
  let rt: TestRuntime;
  const ask = createAsker(() => rt, 'fb');
  beforeAll(async () => {
    rt = await createTestRuntime();
  });
  afterAll(async () => {
    await rt.close();
  });

  it('a request for a product that names no customer is answered, never filed as a ticket', async () => {
    const r = await ask('想找一款简约的奶瓶 最好透明');
    expect(r.intent).not.toBe('feedback_report');
    expect(await rt.services.crm.tickets.list({})).toEqual([]);
  });
});
