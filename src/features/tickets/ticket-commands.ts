import { Composer } from '../../core/composer.js';
import type { Context } from '../../core/context.js';
import { DAY, formatChinaTime } from '../feedback/china-time.js';
import { buildFeedbackReport } from './feedback-report.js';
import { actorName, respondCommand } from './notices.js';
import { type Actor, canSee, closeTicket, noteTicket, type TicketActionResult } from './ticket-actions.js';
import { ticketDetail, ticketSummary } from './ticket-lines.js';
import { digestBlocks } from './weekly-digest.js';

const CLOSE = /^\s*结单\s*#?\s*(\d+)\s*[：:，,]?\s*([\s\S]*)$/;
const NOTE = /^\s*(跟进|备注|方案)\s*#?\s*(\d+)\s*[：:，,]?\s*([\s\S]*)$/;
const LIST = /^\s*\/?(?:工单|我的工单|工单列表)\s*$/;
const SHOW = /^\s*\/?工单\s*#?\s*(\d+)\s*$/;
const REPORT = /^\s*\/?(?:报表|周报|反馈报表)\s*$/;

export function actorOf(ctx: Context): Actor {
  const name = actorName(ctx);
  return { id: ctx.msg.userId, role: ctx.user.role, storeId: ctx.user.storeId, ...(name ? { name } : {}) };
}

function answer(ctx: Context, r: TicketActionResult, done: (no: number) => string): void {
  if (!r.ok) {
    respondCommand(ctx, '无法操作', [{ kind: 'note', title: '', lines: [r.message] }]);
    return;
  }
  respondCommand(ctx, done(r.ticket.no), [
    { kind: 'ticket', title: '工单', lines: ticketDetail(ctx.services, r.ticket) },
  ]);
}

/**
 * Ticket commands: `结单 #12 已退款` (managers), `跟进 #12 …` / `备注 #12 …` / `方案 #12 …`
 * (reporter or manager), `工单` (a manager's store, or an associate's own open tickets),
 * `工单 #12` (details and notes), `报表` (managers: the last 7 days).
 */
export function createTicketCommands(): Composer {
  const c = new Composer();
  c.command(CLOSE, async (ctx) => {
    const m = ctx.state.match as RegExpExecArray;
    const r = await closeTicket(ctx.services, Number(m[1]), actorOf(ctx), m[2] ?? '');
    answer(ctx, r, (no) => `工单 #${no} 已结单`);
  });
  c.command(NOTE, async (ctx) => {
    const m = ctx.state.match as RegExpExecArray;
    const kind = m[1] === '方案' ? 'plan' : 'note';
    const r = await noteTicket(ctx.services, Number(m[2]), actorOf(ctx), kind, m[3] ?? '');
    answer(ctx, r, (no) => (kind === 'plan' ? `工单 #${no} 已记录处理方案` : `工单 #${no} 已记录跟进`));
  });
  c.command(SHOW, async (ctx) => {
    const no = Number((ctx.state.match as RegExpExecArray)[1]);
    const t = await ctx.services.crm.tickets.get(no);
    if (!t || !canSee(actorOf(ctx), t)) {
      respondCommand(ctx, '无法查看', [
        { kind: 'note', title: '', lines: [t ? `工单 #${no} 不是你上报的` : `没有找到工单 #${no}`] },
      ]);
      return;
    }
    const notes = await ctx.services.crm.tickets.notes(no);
    const blocks = [{ kind: 'ticket' as const, title: '工单', lines: ticketDetail(ctx.services, t) }];
    if (notes.length) {
      blocks.push({
        kind: 'ticket',
        title: '跟进记录',
        lines: notes.map((n) => `${formatChinaTime(n.at)} ${n.byName ?? n.byId}：${n.text}`),
      });
    }
    respondCommand(ctx, `工单 #${no}`, blocks);
  });
  c.command(LIST, async (ctx) => {
    const manager = ctx.user.role === 'manager';
    const open = await ctx.services.crm.tickets.list({
      status: 'open',
      storeId: ctx.user.storeId,
      ...(manager ? {} : { reporterId: ctx.msg.userId }),
      limit: 20,
    });
    const now = ctx.services.clock.now();
    const title = manager ? `本店未结工单（${open.length}）` : `我上报的未结工单（${open.length}）`;
    const lines = open.length ? open.map((t) => ticketSummary(ctx.services, t, now)) : ['暂无未结工单'];
    respondCommand(ctx, title, [{ kind: 'list', title: '', lines }]);
  });
  c.command(REPORT, async (ctx) => {
    if (ctx.user.role !== 'manager') {
      respondCommand(ctx, '无法查看', [{ kind: 'note', title: '', lines: ['只有店长可以查看报表'] }]);
      return;
    }
    const to = ctx.services.clock.now() + 1;
    const report = await buildFeedbackReport(ctx.services, { storeId: ctx.user.storeId, from: to - 7 * DAY, to });
    respondCommand(ctx, '近 7 天门店反馈报表', digestBlocks(report));
  });
  return c;
}
