import { describe, expect, it } from 'vitest';
import { describedInKind, describedSibling, siblingByAttribute } from '../../src/answer/described-sibling.js';
import type { ProductDoc } from '../../src/ports/knowledge.js';

const product = (id: string, name: string, aliases: string[], price: number, category = '沙发'): ProductDoc => ({
  id,
  type: 'product',
  title: name,
  name,
  aliases,
  tags: [],
  path: '',
  sections: [],
  category,
  price,
  status: 'active',
});

const leather = product('sofa-leather', '云岫真皮沙发 三人位', ['真皮沙发', '焦糖色'], 6999);
const fabric = product('sofa-fabric', '云岫科技布沙发 三人位', ['布沙发', '燕麦色'], 4999);
const bed = product('sofa-bed', '方块沙发床', ['沙发床', '折叠'], 2599);
const lamp = product('lamp', '护眼布艺台灯', ['台灯'], 299, '灯具');
const all = [leather, fabric, bed, lamp];

describe('siblings described rather than named', () => {
  it('a describing word found in one sibling and not in the current product picks that sibling', () => {
    expect(siblingByAttribute(['布'], leather, all)?.id).toBe('sofa-fabric');
    // Another category never answers (the lamp is 布艺 too).
    expect(siblingByAttribute(['布'], leather, all)?.id).not.toBe('lamp');
  });

  it('a word the current product already has, or that two siblings share, points at none', () => {
    expect(siblingByAttribute(['沙发'], leather, all)).toBeUndefined();
    expect(siblingByAttribute(['三人位'], bed, all)).toBeUndefined();
  });

  it('an order word picks the next sibling along that order', () => {
    expect(describedSibling('便宜点的呢', leather, all)?.id).toBe('sofa-fabric');
    expect(describedSibling('贵点的呢', bed, all)?.id).toBe('sofa-fabric');
  });

  it('a kind named with a description picks the extreme one of that kind', () => {
    expect(describedInKind('实惠的沙发能拆洗吗', ['沙发', '拆洗'], all)?.id).toBe('sofa-bed');
    expect(describedInKind('贵点的沙发有现货吗', ['沙发', '现货'], all)?.id).toBe('sofa-leather');
    // 多大的 asks how big; it describes nothing.
    expect(describedInKind('沙发多大的', ['沙发'], all)).toBeUndefined();
    expect(describedSibling('能放下多大的', leather, all)).toBeUndefined();
  });
});

describe('a sibling described by newness', () => {
  const at = (id: string, name: string, launchDate: string, status: ProductDoc['status']): ProductDoc => ({
    ...product(id, name, [], 199, '彩妆'),
    launchDate,
    status,
  });
  const oldPalette = at('palette-old', '晴川落霞眼影盘', '2021-08-01', 'discontinued');
  const lipstick = at('lipstick', '晴川丝绒唇膏', '2023-10-10', 'active');
  const newPalette = at('palette-new', '晴川晚霞眼影盘', '2025-01-10', 'new');
  const shelf = [oldPalette, lipstick, newPalette];

  it('刚到/新上 is the newest of the same line, not the next newer product of the category', () => {
    expect(describedSibling('刚到那盘啥价', oldPalette, shelf)?.id).toBe('palette-new');
    // Without a sibling of the same line, the category decides.
    expect(describedSibling('新上的有吗', oldPalette, [oldPalette, lipstick])?.id).toBe('lipstick');
  });
});
