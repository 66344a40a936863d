import type { Services } from '../../core/services.js';
import { DEFAULT_STORE } from '../../ports/roles.js';
import { chinaWeekStart, DAY, formatChinaDate, HOUR } from '../feedback/china-time.js';
import { buildFeedbackReport, type FeedbackReport } from './feedback-report.js';
import { buildNotice, sendNotice } from './notices.js';
import { SEVERITY_LABEL } from './ticket-lines.js';

export const DIGEST_JOB = 'crm.digest.weekly';
/** Digests go out on Monday at 09:00 China time, covering the week before. */
const SEND_OFFSET = 9 * HOUR;

const pct = (r: number | null) => (r === null ? '—' : `${Math.round(r * 100)}%`);

/** The digest lines of a report. */
export function digestBlocks(r: FeedbackReport) {
  const cats = Object.entries(r.byCategory)
    .filter(([, n]) => n > 0)
    .map(([c, n]) => `${c} ${n}`);
  const sev = (['high', 'medium', 'low'] as const).map((s) => `${SEVERITY_LABEL[s]} ${r.bySeverity[s]}`).join('，');
  return [
    {
      kind: 'list' as const,
      title: '反馈工单',
      lines: [
        `共 ${r.tickets.total} 单（未结 ${r.tickets.open}，升级 ${r.tickets.escalated}）`,
        `类别：${cats.length ? cats.join('，') : '无'}`,
        `严重度：${sev}`,
        `时限达成率：${pct(r.sla.hitRate)}（首次响应 ${pct(r.sla.firstHitRate)}，处理方案 ${pct(r.sla.planHitRate)}）`,
      ],
    },
    {
      kind: 'list' as const,
      title: '被投诉最多的产品',
      lines: r.topProducts.length ? r.topProducts.slice(0, 5).map((p) => `${p.title}：${p.count} 次`) : ['无'],
    },
    {
      kind: 'list' as const,
      title: `知识库没答上的问题（共 ${r.gaps.total} 次，提问 ${r.questions.total} 次）`,
      lines: r.gaps.top.length ? r.gaps.top.slice(0, 5).map((g) => `${g.question}（${g.count} 次）`) : ['无'],
    },
  ];
}

function nextSendAt(now: number): number {
  const monday = chinaWeekStart(now) + SEND_OFFSET;
  return monday > now ? monday : monday + 7 * DAY;
}

const storesOf = (services: Services) => services.roles.stores?.().map((s) => s.id) ?? [DEFAULT_STORE];

/** Schedules the next weekly digest for every store (idempotent per store and week). */
export async function scheduleWeeklyDigests(services: Services): Promise<void> {
  const runAt = nextSendAt(services.clock.now());
  for (const storeId of storesOf(services)) {
    await services.jobs.schedule({
      name: DIGEST_JOB,
      key: `crm:digest:${storeId}:${runAt}`,
      runAt,
      payload: { storeId, runAt },
    });
  }
}

/** Registers the digest job: sends last week's report to the store's manager chats, then schedules next week's. */
export function registerDigestJob(services: Services): void {
  services.jobs.handle(DIGEST_JOB, async (p) => {
    const storeId = String(p.storeId);
    const runAt = Number(p.runAt);
    const to = chinaWeekStart(runAt);
    const targets = services.roles.managerTargets(storeId);
    if (targets.length) {
      const report = await buildFeedbackReport(services, { storeId, from: to - 7 * DAY, to });
      const title = `本周门店反馈周报（${formatChinaDate(to - 7 * DAY)} 至 ${formatChinaDate(to - 1)}）`;
      await sendNotice(services, targets, buildNotice(services, title, digestBlocks(report)));
    }
    const next = runAt + 7 * DAY;
    await services.jobs.schedule({
      name: DIGEST_JOB,
      key: `crm:digest:${storeId}:${next}`,
      runAt: next,
      payload: { storeId, runAt: next },
    });
  });
}
