import { Composer } from '../../core/composer.js';
import type { Context } from '../../core/context.js';
import type { ReplyBlock, SourceRef } from '../../core/reply.js';
import type { CustomerProfile } from '../../ports/crm.js';
import { actorName } from '../tickets/notices.js';
import { SEVERITY_LABEL } from '../tickets/ticket-lines.js';
import { scheduleTicketTimers } from '../tickets/ticket-timers.js';
import { formatChinaTime, HOUR } from './china-time.js';
import { decideSeverity, extractReport, FEEDBACK_PREFIX } from './extract-report.js';
import { findPlaybook, linkReportProducts, playbookSteps } from './find-playbook.js';
import { stripPersonalData } from './strip-personal-data.js';

export const DEFAULT_SLA_HOURS = 4;
export const PLAN_HOURS = 24;

/**
 * Feedback reports (`feedback_report`, or an explicit 反馈：/投诉：/上报：/记一下/登记 prefix)
 * become tickets: product and playbook linked, customer masked and linked by a salted hash,
 * severity decided, SLA timers scheduled, and the associate gets the number and next steps.
 * A bare 顾客说… is a `complaint` (the playbook answer), not a ticket.
 */
export function createFeedbackFeature(): Composer {
  const c = new Composer();
  c.use((ctx, next) =>
    ctx.intent === 'feedback_report' || FEEDBACK_PREFIX.test(ctx.msg.text) ? handleFeedback(ctx) : next(),
  );
  return c;
}

async function handleFeedback(ctx: Context): Promise<void> {
  const { services, msg } = ctx;
  const now = services.clock.now();
  const found = services.pii.find?.(msg.text) ?? [];
  // Classified on the text without personal data, so a phone number never steers the playbook.
  const plain = extractReport(stripPersonalData(msg.text, found), []);
  const report = { ...extractReport(msg.text, found), category: plain.category, sentiment: plain.sentiment };
  if (report.body.length < 2) {
    ctx.respond({
      intent: 'feedback_report',
      title: '请补充反馈内容',
      blocks: [{ kind: 'note', title: '示例', lines: ['反馈：王女士 138xxxx8000 蓝罐面霜用了三天脸发红'] }],
      products: [],
      sources: [],
      mode: 'structured',
      declined: false,
    });
    return;
  }
  const prior = report.contact ? await services.crm.customers.find({ contact: report.contact.value }) : undefined;
  const { severity, reasons } = decideSeverity(report, prior);
  const products = linkReportProducts(services, plain.body, ctx.conversation);
  const playbook = await findPlaybook(services, plain.body, report.category, report.sentiment, products);
  const slaHours = playbook?.slaHours && playbook.slaHours > 0 ? playbook.slaHours : DEFAULT_SLA_HOURS;
  const { ticket, customer, created } = await services.crm.tickets.create({
    sourceKey: `${msg.channel}:${msg.eventId}`,
    at: now,
    storeId: ctx.user.storeId,
    channel: msg.channel,
    chatId: msg.chatId,
    reporterId: msg.userId,
    ...(actorName(ctx) ? { reporterName: actorName(ctx) } : {}),
    ...(report.contact || report.customerName
      ? {
          customer: {
            ...(report.contact ? { contact: report.contact.value, maskedContact: report.contact.masked } : {}),
            ...(report.customerName ? { displayName: report.customerName } : {}),
            tags: report.tags,
          },
        }
      : {}),
    ...(report.customerName ? { customerName: report.customerName } : {}),
    ...(report.memberTail ? { memberTail: report.memberTail } : {}),
    products,
    ...(playbook ? { playbookId: playbook.id } : {}),
    category: report.category,
    severity,
    sentiment: report.sentiment,
    text: services.pii.mask(msg.text),
    firstDue: now + slaHours * HOUR,
    ...(severity === 'high' ? { planDue: now + PLAN_HOURS * HOUR } : {}),
  });
  if (created) await scheduleTicketTimers(services, ticket);

  const ticketLines = [`工单号：#${ticket.no}（${ticket.category} · 严重度${SEVERITY_LABEL[ticket.severity]}）`];
  if (reasons.length) ticketLines.push(`判定依据：${reasons.join('、')}`);
  const names = products.map((id) => services.knowledge.get(id)?.title ?? id);
  if (names.length) ticketLines.push(`产品：${names.join('、')}`);
  ticketLines.push(...customerLines(report.customerName, report.contact?.masked, customer, report.memberTail));
  const blocks: ReplyBlock[] = [{ kind: 'ticket', title: '已登记', lines: ticketLines }];
  const sources: SourceRef[] = products.map((id) => ({ id, type: 'product' as const }));
  if (playbook) {
    const { heading, steps } = playbookSteps(playbook);
    if (steps.length) blocks.push({ kind: 'steps', title: `下一步（${playbook.title}）`, lines: steps });
    sources.push({ id: playbook.id, type: 'playbook', ...(heading ? { section: heading } : {}) });
  } else {
    blocks.push({ kind: 'note', title: '说明', lines: ['没有匹配的处理预案，已记录，店长会跟进。'] });
  }
  const sla = [`首次响应：${formatChinaTime(ticket.firstDue)} 前（${slaHours} 小时内）`];
  if (ticket.planDue) sla.push(`处理方案：${formatChinaTime(ticket.planDue)} 前（${PLAN_HOURS} 小时内）`);
  if (severity === 'high') {
    sla.push(services.roles.managerTargets(ticket.storeId).length ? '已通知店长' : '严重问题：请立即当面告知店长');
  }
  sla.push(`跟进后回复：跟进 #${ticket.no} 已联系顾客…`);
  blocks.push({ kind: 'sla', title: '时限', lines: sla });
  const conv = ctx.conversation;
  conv.products = [...new Set([...products, ...conv.products])].slice(0, 5);
  conv.lastIntent = 'feedback_report';
  ctx.respond({
    intent: 'feedback_report',
    title: `${created ? '已登记反馈' : '该反馈已登记'} #${ticket.no}`,
    blocks,
    products,
    sources,
    mode: 'structured',
    declined: false,
  });
}

function customerLines(name?: string, masked?: string, c?: CustomerProfile, tail?: string): string[] {
  const lines: string[] = [];
  const who = [name ?? c?.displayName, masked ?? c?.maskedContact].filter(Boolean).join(' ');
  if (who) lines.push(`顾客：${who}${c && c.reportCount > 1 ? `（第 ${c.reportCount} 次反馈）` : ''}`);
  if (tail) lines.push(`会员尾号：${tail}`);
  if (c?.tags.length)
    lines.push(`顾客标签：${c.tags.join('、')}${c.safetyFirst ? '（推荐时优先温和、成分安全的产品）' : ''}`);
  return lines;
}
