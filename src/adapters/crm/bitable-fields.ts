import type { OutboxItem, OutboxKind } from '../../ports/outbox.js';

type Field = string | number | boolean;
type Payload = Record<string, unknown>;

const text = (v: unknown): string => (v === undefined || v === null ? '' : Array.isArray(v) ? v.join('、') : String(v));
const sources = (v: unknown): string =>
  Array.isArray(v)
    ? v.map((s: { id?: string; section?: string }) => (s.section ? `${s.id}#${s.section}` : s.id)).join('、')
    : '';

/** Columns every table has: the idempotency key, the event, its time (a Date column, epoch ms) and the store. */
export const COMMON_FIELDS = ['事件键', '事件', '时间', '门店'] as const;

/**
 * Column names per table (the operator creates these in Bitable: text columns, except
 * 时间/截止/时间 columns as Date, 未答上 as Checkbox, numbers as Number).
 */
export const BITABLE_COLUMNS: Record<OutboxKind, readonly string[]> = {
  interactions: [
    '渠道',
    '导购',
    '会话',
    '类型',
    '问题',
    '意图',
    '产品',
    '来源',
    '模式',
    '未答上',
    '耗时ms',
    '回答',
    '投票',
  ],
  gaps: ['渠道', '导购', '问题', '意图', '产品', '原因'],
  tickets: [
    '工单号',
    '状态',
    '类别',
    '严重度',
    '情绪',
    '产品',
    '预案',
    '顾客',
    '内容',
    '上报人',
    '首响截止',
    '方案截止',
    '首响时间',
    '结单时间',
    '处理结果',
    '备注',
  ],
  customers: ['顾客ID', '称呼', '联系方式', '标签', '反馈次数'],
  intel: ['编号', '状态', '品牌', '产品', '价格', '活动', '地点', '有效期至', '上报人', '内容', '积分'],
  points: ['导购', '姓名', '积分', '原因'],
};

export type BitableFieldType = 'text' | 'number' | 'date' | 'checkbox';

const NUMBER_FIELDS = new Set(['耗时ms', '工单号', '反馈次数', '编号', '价格', '积分']);
const DATE_FIELDS = new Set(['时间', '首响截止', '方案截止', '首响时间', '结单时间', '有效期至']);

/** The Bitable column type each field needs (Date columns take epoch ms; Checkbox takes a boolean). */
export function bitableFieldType(name: string): BitableFieldType {
  if (DATE_FIELDS.has(name)) return 'date';
  if (NUMBER_FIELDS.has(name)) return 'number';
  if (name === '未答上') return 'checkbox';
  return 'text';
}

/** Every column of one table with its type: what the operator creates in Bitable. */
export function bitableSchema(kind: OutboxKind): Record<string, BitableFieldType> {
  return Object.fromEntries([...COMMON_FIELDS, ...BITABLE_COLUMNS[kind]].map((f) => [f, bitableFieldType(f)]));
}

const MAPPERS: Record<OutboxKind, (p: Payload) => Record<string, Field | undefined>> = {
  interactions: (p) => ({
    渠道: text(p.channel),
    导购: text(p.userId),
    会话: text(p.chatId),
    类型: text(p.kind),
    问题: text(p.text),
    意图: text(p.intent),
    产品: text(p.products),
    来源: sources(p.sources),
    模式: text(p.mode),
    未答上: Boolean(p.declined),
    耗时ms: Number(p.latencyMs ?? 0),
    回答: text(p.answer),
    投票: text(p.vote),
  }),
  gaps: (p) => ({
    渠道: text(p.channel),
    导购: text(p.userId),
    问题: text(p.question),
    意图: text(p.intent),
    产品: text(p.products),
    原因: text(p.reason),
  }),
  tickets: (p) => {
    const note = p.note as { text?: string } | undefined;
    return {
      工单号: Number(p.no),
      状态: text(p.status),
      类别: text(p.category),
      严重度: text(p.severity),
      情绪: text(p.sentiment),
      产品: text(p.products),
      预案: text(p.playbookId),
      顾客: text(p.customerName),
      内容: text(p.text),
      上报人: text(p.reporterName ?? p.reporterId),
      首响截止: p.firstDue as number | undefined,
      方案截止: p.planDue as number | undefined,
      首响时间: p.firstResponseAt as number | undefined,
      结单时间: p.closedAt as number | undefined,
      处理结果: text(p.resolution),
      备注: text(note?.text),
    };
  },
  customers: (p) => ({
    顾客ID: text(p.id),
    称呼: text(p.displayName),
    联系方式: text(p.maskedContact),
    标签: text(p.tags),
    反馈次数: Number(p.reportCount ?? 0),
  }),
  intel: (p) => ({
    编号: Number(p.no),
    状态: text(p.status),
    品牌: text(p.brand),
    产品: text(p.product),
    价格: p.price as number | undefined,
    活动: text(p.promotion),
    地点: text(p.location),
    有效期至: p.expiresAt as number | undefined,
    上报人: text(p.reporterName ?? p.reporterId),
    内容: text(p.text),
    积分: Number(p.points ?? 0),
  }),
  points: (p) => ({
    导购: text(p.user_id),
    姓名: text(p.user_name),
    积分: Number(p.points ?? 0),
    原因: text(p.reason),
  }),
};

/** One outbox item as a Bitable record's `fields`; empty values are left out (Bitable rejects null). */
export function toBitableFields(item: OutboxItem): Record<string, Field> {
  const p = item.payload;
  const all: Record<string, Field | undefined> = {
    事件键: item.id,
    事件: item.type,
    时间: item.createdAt,
    门店: text(p.storeId ?? p.store_id),
    ...MAPPERS[item.kind](p),
  };
  const out: Record<string, Field> = {};
  for (const [k, v] of Object.entries(all))
    if (v !== undefined && v !== '' && !(typeof v === 'number' && Number.isNaN(v))) out[k] = v;
  return out;
}
