import type { ChannelName } from '../../../core/message.js';
import type {
  CustomerProfile,
  FeedbackCategory,
  IntelRecord,
  IntelStatus,
  Sentiment,
  Severity,
  Ticket,
  TicketNote,
  TicketNoteKind,
} from '../../../ports/crm-records.js';
import type { Database } from '../schema.js';

/** Tags that ask for gentler, safer products first. */
export const SAFETY_TAGS = ['敏感肌', '关注成分安全', '过敏史', '孕期', '婴幼儿'];

const opt = <T>(v: T | null | undefined): T | undefined => (v === null ? undefined : v);
const optNum = (v: number | string | null | undefined): number | undefined =>
  v === null || v === undefined ? undefined : Number(v);

export function toCustomer(r: Database['customers']): CustomerProfile {
  const tags: string[] = JSON.parse(r.tags);
  return {
    id: r.id,
    storeId: r.store_id,
    ...(r.masked_contact ? { maskedContact: r.masked_contact } : {}),
    ...(r.display_name ? { displayName: r.display_name } : {}),
    tags,
    safetyFirst: tags.some((t) => SAFETY_TAGS.includes(t)),
    reportCount: r.report_count,
    firstSeen: Number(r.first_seen),
    lastSeen: Number(r.last_seen),
  };
}

export function toTicket(r: Database['tickets']): Ticket {
  const t: Ticket = {
    no: Number(r.no),
    storeId: r.store_id,
    channel: r.channel as ChannelName,
    chatId: r.chat_id,
    reporterId: r.reporter_id,
    products: JSON.parse(r.products),
    category: r.category as FeedbackCategory,
    severity: r.severity as Severity,
    sentiment: r.sentiment as Sentiment,
    text: r.text,
    status: r.status as Ticket['status'],
    createdAt: Number(r.created_at),
    firstDue: Number(r.first_due),
  };
  const extra: Partial<Ticket> = {
    reporterName: opt(r.reporter_name),
    customerId: opt(r.customer_id),
    customerName: opt(r.customer_name),
    memberTail: opt(r.member_tail),
    playbookId: opt(r.playbook_id),
    planDue: optNum(r.plan_due),
    firstResponseAt: optNum(r.first_response_at),
    planAt: optNum(r.plan_at),
    closedAt: optNum(r.closed_at),
    closedBy: opt(r.closed_by),
    resolution: opt(r.resolution),
    escalatedAt: optNum(r.escalated_at),
  };
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) (t as unknown as Record<string, unknown>)[k] = v;
  return t;
}

export function toNote(r: Database['ticket_notes']): TicketNote {
  return {
    id: r.id,
    ticketNo: Number(r.ticket_no),
    at: Number(r.at),
    byId: r.by_id,
    ...(r.by_name ? { byName: r.by_name } : {}),
    kind: r.kind as TicketNoteKind,
    text: r.text,
  };
}

export function toIntel(r: Database['intel']): IntelRecord {
  const i: IntelRecord = {
    no: Number(r.no),
    storeId: r.store_id,
    channel: r.channel as ChannelName,
    chatId: r.chat_id,
    reporterId: r.reporter_id,
    text: r.text,
    productIds: JSON.parse(r.product_ids),
    expiresAt: Number(r.expires_at),
    status: r.status as IntelStatus,
    createdAt: Number(r.created_at),
    points: r.points,
  };
  const extra: Partial<IntelRecord> = {
    reporterName: opt(r.reporter_name),
    brand: opt(r.brand),
    product: opt(r.product),
    price: optNum(r.price),
    promotion: opt(r.promotion),
    location: opt(r.location),
    decidedAt: optNum(r.decided_at),
    decidedBy: opt(r.decided_by),
    reason: opt(r.reason),
  };
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) (i as unknown as Record<string, unknown>)[k] = v;
  return i;
}
