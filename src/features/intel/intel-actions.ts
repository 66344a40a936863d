import type { Services } from '../../core/services.js';
import type { IntelRecord } from '../../ports/crm.js';
import { buildNotice, sendNotice } from '../tickets/notices.js';
import { type Actor, canManage } from '../tickets/ticket-actions.js';
import { buildIntelDoc } from './build-intel-doc.js';

/** Points a reporter earns for an approved report (a manager may give 1–100 instead). */
export const INTEL_POINTS = 10;
export const INTEL_REVIEW_JOB = 'crm.intel.review';

export type IntelActionResult =
  | { ok: true; intel: IntelRecord; changed: boolean; indexed: boolean }
  | { ok: false; code: 'not_found' | 'forbidden'; message: string };

const storeName = (services: Services, id: string) => services.roles.stores?.().find((s) => s.id === id)?.name;

/** Indexes approved, unexpired intel into the knowledge base; false when already expired. */
export async function indexIntel(services: Services, intel: IntelRecord): Promise<boolean> {
  if (intel.status !== 'approved' || intel.expiresAt <= services.clock.now()) return false;
  await services.knowledge.upsert(buildIntelDoc(intel, storeName(services, intel.storeId)));
  return true;
}

/**
 * Approves or rejects pending intel (managers of its store, or the admin). Approval awards
 * the reporter's points and indexes the note at once; the reporter is told (best effort).
 */
export async function decideIntel(
  services: Services,
  no: number,
  actor: Actor,
  decision: { status: 'approved' | 'rejected'; points?: number; reason?: string },
): Promise<IntelActionResult> {
  const current = await services.crm.intel.get(no);
  if (!current) return { ok: false, code: 'not_found', message: `没有找到竞品情报 #${no}` };
  if (!canManage(actor, current)) return { ok: false, code: 'forbidden', message: '只有本店店长可以审核竞品情报' };
  const res = await services.crm.intel.decide(no, {
    status: decision.status,
    at: services.clock.now(),
    byId: actor.id,
    points: decision.points ?? INTEL_POINTS,
    ...(decision.reason ? { reason: decision.reason } : {}),
  });
  if (!res) return { ok: false, code: 'not_found', message: `没有找到竞品情报 #${no}` };
  const indexed = res.changed && res.intel.status === 'approved' ? await indexIntel(services, res.intel) : false;
  if (res.changed) {
    const i = res.intel;
    const line =
      i.status === 'approved'
        ? `你上报的竞品情报 #${i.no} 已被采纳，积分 +${i.points}`
        : `你上报的竞品情报 #${i.no} 未被采纳${i.reason ? `：${i.reason}` : ''}`;
    await sendNotice(
      services,
      [{ channel: i.channel, chatId: i.chatId, mention: [i.reporterId] }],
      buildNotice(services, '竞品情报审核结果', [{ kind: 'note', title: '', lines: [line] }]),
    ).catch((err) => services.logger.warn({ err, intel: i.no }, 'could not tell the reporter'));
  }
  return { ok: true, intel: res.intel, changed: res.changed, indexed };
}

/** Registers the job that asks a store's managers to review new intel. */
export function registerIntelJobs(services: Services): void {
  services.jobs.handle(INTEL_REVIEW_JOB, async (p) => {
    const i = await services.crm.intel.get(Number(p.no));
    if (i?.status !== 'pending') return;
    const targets = services.roles.managerTargets(i.storeId);
    if (targets.length === 0) return;
    const reply = buildNotice(services, `新的竞品情报 #${i.no} 待审核`, [
      { kind: 'list', title: '', lines: [i.text, `上报：${i.reporterName ?? i.reporterId}`] },
      { kind: 'note', title: '审核', lines: [`采纳 #${i.no}`, `驳回 #${i.no} 原因`] },
    ]);
    await sendNotice(services, targets, reply);
  });
}

/**
 * Re-indexes every approved, unexpired intel record into the knowledge base. Call at start,
 * after the knowledge base is loaded (run-time documents are not in the pack files).
 */
export async function restoreApprovedIntel(services: Services): Promise<number> {
  const active = await services.crm.intel.list({ status: 'approved', activeAt: services.clock.now(), limit: 10_000 });
  let n = 0;
  for (const i of active) if (await indexIntel(services, i)) n++;
  return n;
}
