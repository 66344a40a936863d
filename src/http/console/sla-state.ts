import type { Ticket } from '../../ports/crm.js';

export type SlaState = 'closed' | 'escalated' | 'overdue' | 'due_soon' | 'on_track';

export const SLA_LABELS: Record<SlaState, string> = {
  closed: '已结单',
  escalated: '已升级',
  overdue: '已超时',
  due_soon: '1 小时内到期',
  on_track: '正常',
};

/** Within this much of a deadline a ticket is "due soon". */
const SOON_MS = 3600_000;

/** The next deadline still to meet: first response, then the plan (serious tickets). */
export function nextDue(t: Ticket): { kind: '首次响应' | '处理方案'; at: number } | undefined {
  if (t.status === 'closed') return undefined;
  if (t.firstResponseAt === undefined) return { kind: '首次响应', at: t.firstDue };
  if (t.planDue !== undefined && t.planAt === undefined) return { kind: '处理方案', at: t.planDue };
  return undefined;
}

/** Where a ticket stands against its SLA at `now`. */
export function slaState(t: Ticket, now: number): SlaState {
  if (t.status === 'closed') return 'closed';
  if (t.escalatedAt !== undefined) return 'escalated';
  const due = nextDue(t);
  if (!due) return 'on_track';
  if (due.at <= now) return 'overdue';
  return due.at - now <= SOON_MS ? 'due_soon' : 'on_track';
}
