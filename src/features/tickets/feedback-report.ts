import type { Services } from '../../core/services.js';
import { FEEDBACK_CATEGORIES, type FeedbackCategory, type Severity, type Ticket } from '../../ports/crm.js';

/** What a manager reads: feedback by category and severity, SLA hit rate, products complained about, knowledge gaps. */
export interface FeedbackReport {
  storeId?: string;
  from: number;
  to: number;
  tickets: { total: number; open: number; closed: number; escalated: number };
  byCategory: Record<FeedbackCategory, number>;
  bySeverity: Record<Severity, number>;
  sla: {
    /** Tickets whose first-response deadline has passed or that were answered. */
    firstDue: number;
    firstMet: number;
    /** firstMet / firstDue; null when nothing was due yet. */
    firstHitRate: number | null;
    planDue: number;
    planMet: number;
    planHitRate: number | null;
    /** Met first-response and (where due) plan deadlines over all tickets that were due. */
    hitRate: number | null;
  };
  topProducts: { id: string; title: string; count: number }[];
  questions: { total: number; declined: number };
  gaps: { total: number; top: { question: string; count: number }[] };
}

const MAX_ROWS = 100_000;

function stageOutcome(
  due: number | undefined,
  doneAt: number | undefined,
  now: number,
): 'met' | 'missed' | 'pending' | 'none' {
  if (due === undefined) return 'none';
  if (doneAt !== undefined) return doneAt <= due ? 'met' : 'missed';
  return now > due ? 'missed' : 'pending';
}

const rate = (met: number, due: number) => (due === 0 ? null : Math.round((met / due) * 1000) / 1000);

/** Computes the feedback report for a store (or all stores) over [from, to). */
export async function buildFeedbackReport(
  services: Services,
  q: { storeId?: string; from: number; to: number },
): Promise<FeedbackReport> {
  const now = services.clock.now();
  const filter = { ...(q.storeId ? { storeId: q.storeId } : {}), from: q.from, to: q.to, limit: MAX_ROWS };
  const [tickets, gaps, interactions] = await Promise.all([
    services.crm.tickets.list(filter),
    services.crm.listGaps(filter),
    services.crm.listInteractions(filter),
  ]);
  const byCategory = Object.fromEntries(FEEDBACK_CATEGORIES.map((c) => [c, 0])) as Record<FeedbackCategory, number>;
  const bySeverity: Record<Severity, number> = { high: 0, medium: 0, low: 0 };
  const products = new Map<string, number>();
  let firstDue = 0;
  let firstMet = 0;
  let planDue = 0;
  let planMet = 0;
  let bothDue = 0;
  let bothMet = 0;
  for (const t of tickets as Ticket[]) {
    byCategory[t.category] = (byCategory[t.category] ?? 0) + 1;
    bySeverity[t.severity]++;
    if (t.sentiment === 'negative') for (const p of t.products) products.set(p, (products.get(p) ?? 0) + 1);
    const first = stageOutcome(t.firstDue, t.firstResponseAt, now);
    const plan = stageOutcome(t.planDue, t.planAt, now);
    if (first === 'met' || first === 'missed') firstDue++;
    if (first === 'met') firstMet++;
    if (plan === 'met' || plan === 'missed') planDue++;
    if (plan === 'met') planMet++;
    if (first !== 'pending' && plan !== 'pending') {
      bothDue++;
      if (first === 'met' && (plan === 'met' || plan === 'none')) bothMet++;
    }
  }
  const gapCounts = new Map<string, number>();
  for (const g of gaps) {
    const key = g.question.trim().replace(/\s+/g, ' ');
    gapCounts.set(key, (gapCounts.get(key) ?? 0) + 1);
  }
  return {
    ...(q.storeId ? { storeId: q.storeId } : {}),
    from: q.from,
    to: q.to,
    tickets: {
      total: tickets.length,
      open: tickets.filter((t) => t.status === 'open').length,
      closed: tickets.filter((t) => t.status === 'closed').length,
      escalated: tickets.filter((t) => t.escalatedAt !== undefined).length,
    },
    byCategory,
    bySeverity,
    sla: {
      firstDue,
      firstMet,
      firstHitRate: rate(firstMet, firstDue),
      planDue,
      planMet,
      planHitRate: rate(planMet, planDue),
      hitRate: rate(bothMet, bothDue),
    },
    topProducts: [...products.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, 10)
      .map(([id, count]) => ({ id, title: services.knowledge.get(id)?.title ?? id, count })),
    questions: {
      total: interactions.filter((r) => r.kind === 'question').length,
      declined: interactions.filter((r) => r.kind === 'question' && r.declined).length,
    },
    gaps: {
      total: gaps.length,
      top: [...gapCounts.entries()]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .slice(0, 10)
        .map(([question, count]) => ({ question, count })),
    },
  };
}
