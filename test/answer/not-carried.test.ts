import { describe, expect, it } from 'vitest';
import { notCarried } from '../../src/answer/catalogue.js';
import type { ProductDoc } from '../../src/ports/knowledge.js';

const product = (id: string, name: string, category: string, body: string): ProductDoc => ({
  id,
  type: 'product',
  title: name,
  name,
  aliases: [],
  tags: [],
  path: '',
  sections: [{ heading: '卖点', text: body }],
  category,
  status: 'active',
});

const shop = {
  version: 1,
  products: () => products,
};
const products = [
  product('phone', '禾光Note 13 Pro', '手机', '6.7 英寸屏，5000mAh 电池，支持儿童模式。'),
  product('buds', '禾光Buds Air 3', '蓝牙耳机', '主动降噪，续航 30 小时。'),
  product('top', '刺绣白色上衣', '上衣', '领口刺绣，纯棉。'),
];

describe('an ask for something the shop does not carry', () => {
  it('names the item when no product is of that kind', () => {
    expect(notCarried(shop, '有没有宠物烘干箱 顾客家里养了两只猫')).toBeDefined();
    expect(notCarried(shop, '咱店有洗碗机没')).toBe('洗碗机');
    // A model suffix the shop also uses (Pro) does not make it carried: the thing asked for comes first.
    expect(notCarried(shop, '有kindle pro吗 要送给爱看书的朋友')).toBe('kindle');
  });

  it('lets a kind the shop carries through, with attributes or a one-character category', () => {
    expect(notCarried(shop, '有没有降噪的耳机')).toBeUndefined();
    expect(notCarried(shop, '有没有刺绣的上衣')).toBeUndefined();
  });

  it('only answers whether something is carried, not which one to recommend', () => {
    expect(notCarried(shop, '推荐一款宠物烘干箱')).toBeUndefined();
  });
});
