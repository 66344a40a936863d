import type { Services } from '../../core/services.js';
import type { Severity, Ticket } from '../../ports/crm.js';
import { formatChinaTime } from '../feedback/china-time.js';

export const SEVERITY_LABEL: Record<Severity, string> = { high: '高', medium: '中', low: '低' };

/** Product titles for ids, from the knowledge base (the id when unknown). */
export function productNames(services: Services, ids: string[]): string[] {
  return ids.map((id) => services.knowledge.get(id)?.title ?? id);
}

/** One line per ticket for lists: `#12 过敏/安全·高 沐岚舒缓修护面霜 王女士 · 首响截止 11月23日 14:00（已超时）`. */
export function ticketSummary(services: Services, t: Ticket, now: number): string {
  const parts = [`#${t.no} ${t.category}·${SEVERITY_LABEL[t.severity]}`];
  const names = productNames(services, t.products);
  if (names.length) parts.push(names.join('、'));
  if (t.customerName) parts.push(t.customerName);
  let due: string;
  if (t.status === 'closed') due = `已结单：${t.resolution ?? ''}`;
  else if (!t.firstResponseAt) due = `首响截止 ${formatChinaTime(t.firstDue)}${now > t.firstDue ? '（已超时）' : ''}`;
  else if (t.planDue && !t.planAt) due = `方案截止 ${formatChinaTime(t.planDue)}${now > t.planDue ? '（已超时）' : ''}`;
  else due = '已跟进';
  return `${parts.join(' ')} · ${due}`;
}

/** Detail lines of one ticket. */
export function ticketDetail(services: Services, t: Ticket): string[] {
  const lines = [`工单号：#${t.no}（${t.category} · 严重度${SEVERITY_LABEL[t.severity]}）`];
  const names = productNames(services, t.products);
  if (names.length) lines.push(`产品：${names.join('、')}`);
  if (t.customerName) lines.push(`顾客：${t.customerName}`);
  if (t.memberTail) lines.push(`会员尾号：${t.memberTail}`);
  lines.push(`内容：${t.text}`);
  lines.push(`上报：${t.reporterName ?? t.reporterId}，${formatChinaTime(t.createdAt)}`);
  lines.push(
    `首次响应：${formatChinaTime(t.firstDue)} 前${t.firstResponseAt ? `（已于 ${formatChinaTime(t.firstResponseAt)} 响应）` : ''}`,
  );
  if (t.planDue) {
    lines.push(
      `处理方案：${formatChinaTime(t.planDue)} 前${t.planAt ? `（已于 ${formatChinaTime(t.planAt)} 给出）` : ''}`,
    );
  }
  if (t.status === 'closed')
    lines.push(`已结单：${t.resolution ?? ''}（${t.closedAt ? formatChinaTime(t.closedAt) : ''}）`);
  return lines;
}
