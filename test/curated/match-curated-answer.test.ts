import { describe, expect, it } from 'vitest';
import { CURATED_MATCH_THRESHOLD, matchCuratedAnswer } from '../../src/features/answer/match-curated-answer.js';
import { normalizeQuestion, questionSimilarity } from '../../src/features/answer/question-similarity.js';
import type { FaqDoc } from '../../src/ports/knowledge.js';

const faq = (id: string, question: string, variants: string[] = [], product?: string): FaqDoc => ({
  id,
  type: 'faq',
  title: question,
  tags: [],
  path: `faq/${id}.md`,
  sections: [],
  question,
  variants,
  answer: '答案',
  ...(product ? { product } : {}),
});

const sim = (a: string, b: string) => questionSimilarity(normalizeQuestion(a), normalizeQuestion(b));

// The cases the threshold was chosen on: every "same" pair must clear it, every "different" pair must not.
// Known misses (left to the engine): swapped word order (洗衣液一桶多少钱), dropped and added words together.
const SAME: [string, string][] = [
  ['门店几点关门', '请问门店几点关门呀？'],
  ['门店几点关门', '门店晚上几点关门'],
  ['紫管眼霜孕妇可以用吗', '紫管眼霜孕期能不能用'],
  ['会员生日有什么优惠', '会员生日有啥优惠吗'],
  ['会员生日有什么优惠', '会员过生日有什么优惠'],
  ['会员积分可以抵现吗', '会员积分能抵现吗'],
  ['会员积分可以抵现吗', '会员积份可以抵现吗'], // homophone typo
  ['退换货要带小票吗', '退换货需要带小票吗'],
  ['停车可以免费吗', '顾客问停车能免费吗'],
];
const DIFFERENT: [string, string][] = [
  ['紫管眼霜孕妇可以用吗', '紫管眼霜哺乳期能用吗'],
  ['门店几点关门', '门店几点开门'],
  ['门店几点关门', '门店在哪里'],
  ['会员生日有什么优惠', '会员积分可以抵现吗'],
  ['会员积分可以抵现吗', '会员积分怎么查'],
  ['退换货要带小票吗', '退换货要多久到账'],
  ['洗衣液多少钱一桶', '洗衣液冷水能洗干净吗'],
  ['停车可以免费吗', '门店几点关门'],
];

describe('curated-answer matching', () => {
  it('puts paraphrases and typos above the threshold and different questions below it', () => {
    const same = SAME.map(([a, b]) => sim(a, b));
    const different = DIFFERENT.map(([a, b]) => sim(a, b));
    for (const [i, s] of same.entries())
      expect(s, SAME[i]?.join(' / ')).toBeGreaterThanOrEqual(CURATED_MATCH_THRESHOLD);
    for (const [i, s] of different.entries())
      expect(s, DIFFERENT[i]?.join(' / ')).toBeLessThan(CURATED_MATCH_THRESHOLD);
    // The margin on both sides of the threshold.
    expect(Math.min(...same) - Math.max(...different)).toBeGreaterThanOrEqual(0.1);
  });

  it('matches variants, prefers the closest, and respects the product', () => {
    const faqs = [
      faq('faq-close', '门店几点关门', ['晚上营业到几点']),
      faq('faq-eye', '孕妇可以用吗', [], 'sk-purple-eye'),
    ];
    expect(matchCuratedAnswer('晚上营业到几点呀', faqs)?.doc.id).toBe('faq-close');
    expect(matchCuratedAnswer('孕妇能用吗', faqs, { linkedProducts: ['sk-purple-eye'] })?.doc.id).toBe('faq-eye');
    expect(matchCuratedAnswer('孕妇能用吗', faqs, { linkedProducts: ['sk-blue-cream'] })).toBeUndefined();
    expect(matchCuratedAnswer('吗', faqs)).toBeUndefined();
  });
});
