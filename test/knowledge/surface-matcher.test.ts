import { describe, expect, it } from 'vitest';
import { brandForms } from '../../src/knowledge/hybrid-knowledge-base.js';
import { SurfaceMatcher } from '../../src/knowledge/surface-matcher.js';

const matcher = new SurfaceMatcher([
  { entityId: 'power-20k', forms: ['禾光 20000mAh 充电宝', 'HG-C1020'] },
  { entityId: 'power-10k', forms: ['禾光磁吸充电宝', 'HG-C1010'] },
  { entityId: 'walkpad', forms: ['平板走步机', 'CJ-FT-1001'] },
  { entityId: 'treadmill', forms: ['折叠跑步机', 'CJ-FT-5005'] },
]);

const top = (q: string) => matcher.match(q)[0];

describe('SKU mentions', () => {
  it('the trailing digits of a code with a letter before them (HG-C1020 → 1020)', () => {
    expect(top('1020那个能放行李箱托运不')).toMatchObject({ entityId: 'power-20k', how: 'sku' });
  });

  it('the start of one product’s code (CJ-FT-10 → CJ-FT-1001), and none when two codes start so', () => {
    expect(top('CJ-FT-10 那台要自己组装吗')).toMatchObject({ entityId: 'walkpad', how: 'sku' });
    expect(matcher.match('HG-C10 多重').filter((m) => m.how === 'sku')).toEqual([]);
  });
});

describe('competitor brand forms', () => {
  it('a brand written with its Latin name in brackets gives both names separately', () => {
    expect(brandForms({ brand: '小米（Xiaomi）' })).toEqual(['小米（Xiaomi）', '小米', 'Xiaomi']);
    expect(brandForms({ brand: '戴森 Dyson' })).toEqual(['戴森 Dyson', '戴森', 'Dyson']);
  });
});
