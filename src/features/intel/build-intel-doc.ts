import type { IntelRecord } from '../../ports/crm.js';
import type { CompetitorDoc } from '../../ports/knowledge.js';
import { formatChinaDate } from '../feedback/china-time.js';

/** The knowledge-base id of approved intel #no. */
export const intelDocId = (no: number) => `intel-${no}`;

/**
 * Approved intel as a dated competitor note: searchable and citable like any competitor doc,
 * dropped from answers after `expiresAt`.
 */
export function buildIntelDoc(i: IntelRecord, storeName?: string): CompetitorDoc {
  const brand = i.brand ?? '未注明品牌';
  const product = i.product ?? '未注明产品';
  const offer = [i.promotion, i.price !== undefined ? `${i.price} 元` : undefined].filter(Boolean).join('，');
  const reported = formatChinaDate(i.createdAt);
  const until = formatChinaDate(i.expiresAt);
  const claim = [
    `${i.location ?? brand}：${product}${offer ? `，${offer}` : ''}（有效期至 ${until}）。`,
    `原话：${i.text}`,
    `上报：${i.reporterName ?? i.reporterId}${storeName ? `（${storeName}）` : ''}，${reported}；店长审核通过${i.decidedAt ? `于 ${formatChinaDate(i.decidedAt)}` : ''}。`,
  ].join('\n');
  return {
    id: intelDocId(i.no),
    type: 'competitor',
    title: `门店竞品情报 #${i.no}：${brand} ${product}${i.promotion ? ` ${i.promotion}` : ''}`,
    tags: ['门店情报', ...(i.promotion ? [i.promotion] : []), ...(i.product ? [i.product] : [])],
    updated: reported,
    path: '',
    brand,
    product,
    versus: i.productIds,
    ...(i.price !== undefined ? { price: i.price } : {}),
    expiresAt: i.expiresAt,
    sections: [
      { heading: '', text: `门店一线上报的竞品动态，${until} 后失效。` },
      { heading: '情报', text: claim },
    ],
  };
}
