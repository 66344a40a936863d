import type { FeedbackReport } from '../../features/tickets/feedback-report.js';

const SEVERITY = { high: '高', medium: '中', low: '低' } as const;

/** One CSV cell: quoted when needed; a leading = + - @ is neutralised so spreadsheets do not run it. */
export function csvCell(v: string | number | null): string {
  let s = v === null ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s) && typeof v === 'string') s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The feedback report as CSV (UTF-8 with BOM so Excel shows Chinese): one row per figure,
 * columns section, key, label, value.
 */
export function reportToCsv(r: FeedbackReport): string {
  const rows: (string | number | null)[][] = [['section', 'key', 'label', 'value']];
  rows.push(['summary', 'total', '工单总数', r.tickets.total]);
  rows.push(['summary', 'open', '未结', r.tickets.open]);
  rows.push(['summary', 'closed', '已结', r.tickets.closed]);
  rows.push(['summary', 'escalated', '已升级', r.tickets.escalated]);
  for (const [c, n] of Object.entries(r.byCategory)) rows.push(['category', c, c, n]);
  for (const s of ['high', 'medium', 'low'] as const) rows.push(['severity', s, SEVERITY[s], r.bySeverity[s]]);
  rows.push(['sla', 'hit_rate', '时限达成率', r.sla.hitRate]);
  rows.push(['sla', 'first_hit_rate', '首次响应达成率', r.sla.firstHitRate]);
  rows.push(['sla', 'first_due', '首次响应应答数', r.sla.firstDue]);
  rows.push(['sla', 'first_met', '首次响应按时数', r.sla.firstMet]);
  rows.push(['sla', 'plan_hit_rate', '处理方案达成率', r.sla.planHitRate]);
  rows.push(['sla', 'plan_due', '处理方案应答数', r.sla.planDue]);
  rows.push(['sla', 'plan_met', '处理方案按时数', r.sla.planMet]);
  for (const p of r.topProducts) rows.push(['product', p.id, p.title, p.count]);
  rows.push(['questions', 'total', '提问数', r.questions.total]);
  rows.push(['questions', 'declined', '未答上', r.questions.declined]);
  rows.push(['gaps', 'total', '知识缺口', r.gaps.total]);
  for (const [i, g] of r.gaps.top.entries()) rows.push(['gap', i + 1, g.question, g.count]);
  return `\uFEFF${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
