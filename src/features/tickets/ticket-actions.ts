import type { Services } from '../../core/services.js';
import type { Ticket } from '../../ports/crm.js';
import type { Role } from '../../ports/roles.js';
import { cancelTicketTimers } from './ticket-timers.js';

/** Who acts on a ticket: a chat user (role from ROLES_FILE) or the admin API (acts as any store's manager). */
export interface Actor {
  id: string;
  name?: string;
  role: Role;
  storeId: string;
  admin?: boolean;
}

export type TicketActionResult =
  | { ok: true; ticket: Ticket }
  | { ok: false; code: 'not_found' | 'forbidden' | 'already_closed' | 'empty'; message: string };

/** Managers of the ticket's store (and the admin token) manage it. */
export const canManage = (a: Actor, t: { storeId: string }) =>
  Boolean(a.admin) || (a.role === 'manager' && a.storeId === t.storeId);
/** The reporter sees and annotates their own tickets. */
export const canSee = (a: Actor, t: Ticket) => canManage(a, t) || a.id === t.reporterId;

const notFound = (no: number): TicketActionResult => ({ ok: false, code: 'not_found', message: `没有找到工单 #${no}` });

/** Closes a ticket with a resolution (managers only) and cancels its timers. */
export async function closeTicket(
  services: Services,
  no: number,
  actor: Actor,
  resolution: string,
): Promise<TicketActionResult> {
  const t = await services.crm.tickets.get(no);
  if (!t) return notFound(no);
  if (!canManage(actor, t))
    return { ok: false, code: 'forbidden', message: '只有本店店长可以结单；请把处理结果告诉店长' };
  if (t.status === 'closed')
    return { ok: false, code: 'already_closed', message: `工单 #${no} 已于之前结单：${t.resolution ?? ''}` };
  if (!resolution.trim()) return { ok: false, code: 'empty', message: `请写上处理结果，例如：结单 #${no} 已退款` };
  const closed = await services.crm.tickets.close(no, {
    at: services.clock.now(),
    byId: actor.id,
    ...(actor.name ? { byName: actor.name } : {}),
    resolution: resolution.trim(),
  });
  await cancelTicketTimers(services, no);
  return closed ? { ok: true, ticket: closed } : notFound(no);
}

/** Adds a follow-up note or a plan (reporter or manager); it counts as the first response. */
export async function noteTicket(
  services: Services,
  no: number,
  actor: Actor,
  kind: 'note' | 'plan',
  text: string,
): Promise<TicketActionResult> {
  const t = await services.crm.tickets.get(no);
  if (!t) return notFound(no);
  if (!canSee(actor, t)) return { ok: false, code: 'forbidden', message: `工单 #${no} 不是你上报的；请联系店长` };
  if (t.status === 'closed') return { ok: false, code: 'already_closed', message: `工单 #${no} 已结单` };
  if (!text.trim()) return { ok: false, code: 'empty', message: `请写上内容，例如：跟进 #${no} 已电话联系顾客` };
  const updated = await services.crm.tickets.addNote(no, {
    at: services.clock.now(),
    byId: actor.id,
    ...(actor.name ? { byName: actor.name } : {}),
    kind,
    text: text.trim(),
  });
  return updated ? { ok: true, ticket: updated } : notFound(no);
}
