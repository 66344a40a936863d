import type { InteractionRecord, NewTicket } from '../../../src/ports/crm.js';

export const T0 = Date.UTC(2026, 10, 23, 2, 0, 0);

export function interaction(id: string, over: Partial<InteractionRecord> = {}): InteractionRecord {
  return {
    id,
    at: T0,
    kind: 'question',
    channel: 'lark',
    storeId: 's1',
    userId: 'u1',
    chatId: 'c1',
    text: '蓝罐面霜敏感肌能用吗',
    intent: 'product_question',
    products: ['sk-calm-cream'],
    sources: [{ id: 'sk-calm-cream', type: 'product', section: '适用人群' }],
    mode: 'structured',
    declined: false,
    latencyMs: 12,
    answer: '可以',
    ...over,
  };
}

export function newTicket(key: string, over: Partial<NewTicket> = {}): NewTicket {
  return {
    sourceKey: key,
    at: T0,
    storeId: 's1',
    channel: 'lark',
    chatId: 'c1',
    reporterId: 'u1',
    reporterName: '小王',
    products: ['sk-calm-cream'],
    playbookId: 'pb-allergy',
    category: '过敏/安全',
    severity: 'high',
    sentiment: 'negative',
    text: '反馈：王女士 13800138000 面霜用了三天脸发红',
    firstDue: T0 + 4 * 3600_000,
    planDue: T0 + 24 * 3600_000,
    ...over,
  };
}
