import type { OutboundTarget } from '../../core/message.js';
import type { Services } from '../../core/services.js';
import type { Ticket } from '../../ports/crm.js';
import type { JobPayload } from '../../ports/jobs.js';
import { formatChinaTime, HOUR } from '../feedback/china-time.js';
import { buildNotice, sendNotice } from './notices.js';
import { SEVERITY_LABEL, ticketDetail } from './ticket-lines.js';

export const TICKET_NOTIFY_JOB = 'crm.ticket.notify';
export const TICKET_REMIND_JOB = 'crm.ticket.remind';
export const TICKET_ESCALATE_JOB = 'crm.ticket.escalate';

type Stage = 'first' | 'plan';
const STAGE_LABEL: Record<Stage, string> = { first: '首次响应', plan: '处理方案' };

const key = (no: number, what: string) => `crm:ticket:${no}:${what}`;

/** Lead time of a reminder: an hour before the deadline, or a quarter of the window if shorter. */
function remindAt(created: number, due: number): number {
  return due - Math.min(HOUR, (due - created) / 4);
}

/**
 * Schedules a ticket's durable timers: an immediate manager notice for high severity, and a
 * reminder before and an escalation at each deadline. Keys make this idempotent, so it is
 * also run for every open ticket at start (covering a crash between persist and schedule).
 */
export async function scheduleTicketTimers(services: Services, t: Ticket): Promise<void> {
  const { jobs } = services;
  const payload = (stage?: Stage): JobPayload => ({ no: t.no, ...(stage ? { stage } : {}) });
  if (t.severity === 'high') {
    await jobs.schedule({ name: TICKET_NOTIFY_JOB, key: key(t.no, 'notify'), runAt: t.createdAt, payload: payload() });
  }
  const stages: [Stage, number][] = [['first', t.firstDue]];
  if (t.planDue) stages.push(['plan', t.planDue]);
  for (const [stage, due] of stages) {
    await jobs.schedule({
      name: TICKET_REMIND_JOB,
      key: key(t.no, `remind:${stage}`),
      runAt: remindAt(t.createdAt, due),
      payload: payload(stage),
    });
    await jobs.schedule({
      name: TICKET_ESCALATE_JOB,
      key: key(t.no, `escalate:${stage}`),
      runAt: due,
      payload: payload(stage),
    });
  }
}

/** Cancels the pending timers of a closed ticket (the handlers also re-check the state). */
export async function cancelTicketTimers(services: Services, no: number): Promise<void> {
  for (const what of ['notify', 'remind:first', 'escalate:first', 'remind:plan', 'escalate:plan']) {
    await services.jobs.cancel(key(no, what));
  }
}

const managerTargets = (services: Services, t: Ticket): OutboundTarget[] => services.roles.managerTargets(t.storeId);
const reporterTarget = (t: Ticket): OutboundTarget => ({
  channel: t.channel,
  chatId: t.chatId,
  mention: [t.reporterId],
});

const needs = (t: Ticket, stage: Stage): boolean =>
  t.status === 'open' && (stage === 'first' ? !t.firstResponseAt : Boolean(t.planDue) && !t.planAt);

/** Registers the ticket job handlers; call once per process before jobs start. */
export function registerTicketJobs(services: Services): void {
  const { jobs, crm } = services;
  jobs.handle(TICKET_NOTIFY_JOB, async (p) => {
    const t = await crm.tickets.get(Number(p.no));
    if (t?.status !== 'open') return;
    const reply = buildNotice(services, `严重反馈 #${t.no}，请店长立即处理`, [
      { kind: 'ticket', title: '工单', lines: ticketDetail(services, t) },
      {
        kind: 'note',
        title: '回复方式',
        lines: [`跟进 #${t.no} 已联系顾客…`, `方案 #${t.no} 处理方案…`, `结单 #${t.no} 处理结果`],
      },
    ]);
    await sendNotice(services, managerTargets(services, t), reply);
  });
  jobs.handle(TICKET_REMIND_JOB, async (p) => {
    const stage = p.stage as Stage;
    const t = await crm.tickets.get(Number(p.no));
    if (!t || !needs(t, stage)) return;
    const due = stage === 'first' ? t.firstDue : (t.planDue as number);
    const reply = buildNotice(services, `工单 #${t.no} 即将超时`, [
      {
        kind: 'sla',
        title: STAGE_LABEL[stage],
        lines: [
          `${STAGE_LABEL[stage]}截止 ${formatChinaTime(due)}，还没有跟进记录（${t.category}·${SEVERITY_LABEL[t.severity]}）`,
          stage === 'first' ? `联系顾客后回复：跟进 #${t.no} 已联系…` : `给出方案后回复：方案 #${t.no} …`,
        ],
      },
    ]);
    await sendNotice(services, [reporterTarget(t), ...managerTargets(services, t)], reply);
  });
  jobs.handle(TICKET_ESCALATE_JOB, async (p) => {
    const stage = p.stage as Stage;
    const t = await crm.tickets.get(Number(p.no));
    if (!t || !needs(t, stage)) return;
    const due = stage === 'first' ? t.firstDue : (t.planDue as number);
    const text = `${STAGE_LABEL[stage]}已于 ${formatChinaTime(due)} 超时`;
    await crm.tickets.markEscalated(t.no, services.clock.now(), text);
    const managers = managerTargets(services, t);
    const reply = buildNotice(services, `工单 #${t.no} 已超时，升级给店长`, [
      { kind: 'ticket', title: '工单', lines: ticketDetail(services, t) },
      {
        kind: 'sla',
        title: '超时',
        lines: [
          text,
          managers.length ? `请店长立即处理并回复：方案 #${t.no} … 或 结单 #${t.no} …` : '未配置店长群，请当面告知店长',
        ],
      },
    ]);
    await sendNotice(services, managers.length ? managers : [reporterTarget(t)], reply);
  });
}

/** Re-schedules the timers of every open ticket (idempotent); run at start. */
export async function ensureTicketTimers(services: Services): Promise<number> {
  const open = await services.crm.tickets.list({ status: 'open', limit: 100_000 });
  for (const t of open) await scheduleTicketTimers(services, t);
  return open.length;
}
