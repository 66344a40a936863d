import { Composer } from '../../core/composer.js';
import type { Context } from '../../core/context.js';
import { formatChinaDate, formatChinaTime } from '../feedback/china-time.js';
import { actorName, respondCommand } from '../tickets/notices.js';
import { actorOf } from '../tickets/ticket-commands.js';
import { decideIntel, INTEL_POINTS, INTEL_REVIEW_JOB } from './intel-actions.js';
import { DEFAULT_INTEL_DAYS, INTEL_PREFIX, parseIntel } from './parse-intel.js';

const APPROVE = /^\s*(?:采纳|通过)\s*#?\s*(\d+)\s*(?:\+\s*(\d{1,3}))?\s*$/;
const REJECT = /^\s*(?:驳回|不采纳|拒绝)\s*#?\s*(\d+)\s*[：:，,]?\s*([\s\S]*)$/;
const LIST = /^\s*\/?(?:情报|竞品情报|待审情报)\s*$/;
const BOARD = /^\s*\/?(?:积分榜|积分排行|排行榜)\s*$/;

const STATUS_LABEL = { pending: '待审核', approved: '已采纳', rejected: '未采纳' } as const;

/**
 * Competitor intel: `竞品：隔壁XX店面霜买一送一，到周日` files a pending record; managers
 * `采纳 #12` (optionally `+20` points) or `驳回 #12 原因`; `情报` lists pending (managers) or
 * your own reports; `/积分榜` shows the store's leaderboard.
 */
export function createIntelFeature(): Composer {
  const c = new Composer();
  c.command(INTEL_PREFIX, reportIntel);
  c.command(APPROVE, async (ctx) => {
    const m = ctx.state.match as RegExpExecArray;
    const points = m[2] ? Math.min(100, Math.max(1, Number(m[2]))) : INTEL_POINTS;
    const r = await decideIntel(ctx.services, Number(m[1]), actorOf(ctx), { status: 'approved', points });
    if (!r.ok) return void respondCommand(ctx, '无法操作', [{ kind: 'note', title: '', lines: [r.message] }]);
    const i = r.intel;
    const lines = r.changed
      ? [
          `上报人 ${i.reporterName ?? i.reporterId} 积分 +${i.points}`,
          r.indexed ? '已加入知识库，回答竞品问题时会引用' : '已过有效期，未加入知识库',
        ]
      : [`该情报之前已处理：${STATUS_LABEL[i.status]}`];
    respondCommand(ctx, `竞品情报 #${i.no} ${r.changed ? '已采纳' : '无变化'}`, [{ kind: 'note', title: '', lines }]);
  });
  c.command(REJECT, async (ctx) => {
    const m = ctx.state.match as RegExpExecArray;
    const reason = (m[2] ?? '').trim();
    const r = await decideIntel(ctx.services, Number(m[1]), actorOf(ctx), {
      status: 'rejected',
      ...(reason ? { reason } : {}),
    });
    if (!r.ok) return void respondCommand(ctx, '无法操作', [{ kind: 'note', title: '', lines: [r.message] }]);
    const title = `竞品情报 #${r.intel.no} ${r.changed ? '已驳回' : '无变化'}`;
    respondCommand(ctx, title, [
      {
        kind: 'note',
        title: '',
        lines: [r.changed ? '已通知上报人' : `该情报之前已处理：${STATUS_LABEL[r.intel.status]}`],
      },
    ]);
  });
  c.command(LIST, async (ctx) => {
    const manager = ctx.user.role === 'manager';
    const all = await ctx.services.crm.intel.list({
      storeId: ctx.user.storeId,
      ...(manager ? { status: 'pending' } : {}),
      limit: 50,
    });
    const mine = manager ? all : all.filter((i) => i.reporterId === ctx.msg.userId).slice(0, 10);
    const lines = mine.length
      ? mine.map(
          (i) =>
            `#${i.no} ${STATUS_LABEL[i.status]} ${i.text}（${i.reporterName ?? i.reporterId}，${formatChinaTime(i.createdAt)}）`,
        )
      : [manager ? '暂无待审核的竞品情报' : '你还没有上报过竞品情报'];
    respondCommand(ctx, manager ? '待审核竞品情报' : '我上报的竞品情报', [{ kind: 'list', title: '', lines }]);
  });
  c.command(BOARD, async (ctx) => {
    const { crm, roles } = ctx.services;
    const rows = await crm.points.leaderboard(ctx.user.storeId, { limit: 10 });
    const store = roles.stores?.().find((s) => s.id === ctx.user.storeId)?.name ?? ctx.user.storeId;
    const lines = rows.length
      ? rows.map((r, i) => `${i + 1}. ${r.userName ?? r.userId}　${r.points} 分`)
      : ['还没有人获得积分，上报竞品情报被采纳即可得分'];
    if (rows.length && !rows.some((r) => r.userId === ctx.msg.userId)) {
      lines.push(`我：${await crm.points.total(ctx.user.storeId, ctx.msg.userId)} 分`);
    }
    respondCommand(ctx, `${store} 积分榜`, [{ kind: 'list', title: '累计积分', lines }]);
  });
  return c;
}

async function reportIntel(ctx: Context): Promise<void> {
  const { services, msg } = ctx;
  const now = services.clock.now();
  const parsed = parseIntel(services, services.pii.mask(msg.text), now);
  if (parsed.text.length < 4) {
    respondCommand(ctx, '请补充竞品情报', [
      { kind: 'note', title: '示例', lines: ['竞品：隔壁XX店面霜买一送一，到周日'] },
    ]);
    return;
  }
  const name = actorName(ctx);
  const { intel, created } = await services.crm.intel.create({
    sourceKey: `${msg.channel}:${msg.eventId}`,
    storeId: ctx.user.storeId,
    channel: msg.channel,
    chatId: msg.chatId,
    reporterId: msg.userId,
    ...(name ? { reporterName: name } : {}),
    text: parsed.text,
    ...(parsed.brand ? { brand: parsed.brand } : {}),
    ...(parsed.product ? { product: parsed.product } : {}),
    ...(parsed.price !== undefined ? { price: parsed.price } : {}),
    ...(parsed.promotion ? { promotion: parsed.promotion } : {}),
    ...(parsed.location ? { location: parsed.location } : {}),
    productIds: parsed.productIds,
    expiresAt: parsed.expiresAt,
    createdAt: now,
  });
  if (created) {
    await services.jobs.schedule({
      name: INTEL_REVIEW_JOB,
      key: `crm:intel:${intel.no}:review`,
      runAt: now,
      payload: { no: intel.no },
    });
  }
  const lines = [
    `编号：#${intel.no}`,
    ...(intel.location || intel.brand ? [`竞品：${intel.location ?? intel.brand}`] : []),
    ...(intel.product ? [`产品：${intel.product}`] : []),
    ...(intel.promotion || intel.price !== undefined
      ? [
          `活动/价格：${[intel.promotion, intel.price !== undefined ? `${intel.price} 元` : ''].filter(Boolean).join('，')}`,
        ]
      : []),
    `有效期至：${formatChinaDate(intel.expiresAt)}${parsed.explicitEnd ? '' : `（未说明截止时间，默认 ${DEFAULT_INTEL_DAYS} 天）`}`,
    ...(intel.productIds.length
      ? [`对应我方产品：${intel.productIds.map((id) => services.knowledge.get(id)?.title ?? id).join('、')}`]
      : []),
  ];
  respondCommand(
    ctx,
    `已收到竞品情报 #${intel.no}`,
    [
      { kind: 'list', title: '情报', lines },
      {
        kind: 'note',
        title: '审核',
        lines: [`等待店长审核（采纳 #${intel.no} / 驳回 #${intel.no} 原因），采纳后积分 +${INTEL_POINTS}`],
      },
    ],
    'feedback_report',
  );
}
