import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askCoverage } from '../../src/answer/coverage.js';
import type { DocLine } from '../../src/answer/extract-lines.js';
import { askedMeasures, measureOf } from '../../src/answer/focus.js';
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

describe('coverage evidence', () => {
  const lines = [line('售价 299 元', '价格'), line('电池续航约 10 天', '续航'), line('表带为氟橡胶材质')];

  it('a price asked about a word is apart when no line states a price with that word', () => {
    expect(askCoverage('电池换一块要多少钱', lines, []).features.factApart).toBe(1);
    expect(askCoverage('多少钱', lines, []).features.factApart).toBe(0);
    expect(askCoverage('表带多少钱', [...lines, line('替换表带 49 元')], []).features.factApart).toBe(0);
  });

  it('a word whose characters no single line holds is unexplained and named as absent', () => {
    const cov = askCoverage('能以旧换新吗', [line('新款上市'), line('旧款清仓'), line('以上价格含税')], []);
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
