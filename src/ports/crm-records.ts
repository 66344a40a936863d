import type { ChannelName } from '../core/message.js';

/** Feedback categories (fixed; reports group by them). */
export const FEEDBACK_CATEGORIES = ['质量', '过敏/安全', '服务', '价格', '缺货', '物流', '售后', '其他'] as const;
export type FeedbackCategory = (typeof FEEDBACK_CATEGORIES)[number];
export type Severity = 'low' | 'medium' | 'high';
export type Sentiment = 'negative' | 'neutral' | 'positive';

/** A customer as the CRM keeps them: never the raw contact, only a masked rendering and a salted hash. */
export interface CustomerProfile {
  id: string;
  storeId: string;
  /** E.g. `*******8000`. */
  maskedContact?: string;
  /** Surname and honorific as the associate wrote it (王女士). */
  displayName?: string;
  /** Derived from feedback: 敏感肌, 关注成分安全, 孕期, 价格敏感, … */
  tags: string[];
  /** True when the tags call for safer, gentler products first (sensitive skin, ingredient safety, pregnancy, allergy). */
  safetyFirst: boolean;
  reportCount: number;
  firstSeen: number;
  lastSeen: number;
}

/** What the feedback feature knows about the customer of a report. */
export interface CustomerInput {
  /** Normalised contact (mobile digits); hashed with the salt, never stored raw. */
  contact?: string;
  /** Masked contact to show (`*******8000`). */
  maskedContact?: string;
  displayName?: string;
  tags: string[];
}

export interface Ticket {
  no: number;
  storeId: string;
  channel: ChannelName;
  chatId: string;
  reporterId: string;
  reporterName?: string;
  customerId?: string;
  customerName?: string;
  /** 会员尾号 as reported. */
  memberTail?: string;
  products: string[];
  playbookId?: string;
  category: FeedbackCategory;
  severity: Severity;
  sentiment: Sentiment;
  /** The report, PII-masked. */
  text: string;
  status: 'open' | 'closed';
  createdAt: number;
  /** First-response deadline (playbook sla_hours, default 4 h). */
  firstDue: number;
  /** Plan deadline for serious tickets (24 h), else undefined. */
  planDue?: number;
  firstResponseAt?: number;
  planAt?: number;
  closedAt?: number;
  closedBy?: string;
  resolution?: string;
  escalatedAt?: number;
}

export interface NewTicket {
  /** Idempotency key: the inbound event (`channel:eventId`); creating twice returns the first ticket. */
  sourceKey: string;
  at: number;
  storeId: string;
  channel: ChannelName;
  chatId: string;
  reporterId: string;
  reporterName?: string;
  customer?: CustomerInput;
  customerName?: string;
  memberTail?: string;
  products: string[];
  playbookId?: string;
  category: FeedbackCategory;
  severity: Severity;
  sentiment: Sentiment;
  text: string;
  firstDue: number;
  planDue?: number;
}

export type TicketNoteKind = 'note' | 'plan' | 'close' | 'escalation';

export interface TicketNote {
  id: string;
  ticketNo: number;
  at: number;
  byId: string;
  byName?: string;
  kind: TicketNoteKind;
  text: string;
}

export interface TicketFilter {
  storeId?: string;
  reporterId?: string;
  customerId?: string;
  status?: 'open' | 'closed';
  /** Created at or after. */
  from?: number;
  /** Created before. */
  to?: number;
  limit?: number;
}

/** Feedback tickets; every state change is one transaction with its outbox events. */
export interface TicketStore {
  create(input: NewTicket): Promise<{ ticket: Ticket; customer?: CustomerProfile; created: boolean }>;
  get(no: number): Promise<Ticket | undefined>;
  list(filter: TicketFilter): Promise<Ticket[]>;
  /** Adds a note; a `note` or `plan` by anyone counts as the first response, a `plan` also meets the plan deadline. */
  addNote(
    no: number,
    note: { at: number; byId: string; byName?: string; kind: 'note' | 'plan'; text: string },
  ): Promise<Ticket | undefined>;
  /** Closes with a resolution (also counts as first response and plan). Undefined when no such ticket. */
  close(
    no: number,
    input: { at: number; byId: string; byName?: string; resolution: string },
  ): Promise<Ticket | undefined>;
  markEscalated(no: number, at: number, text: string): Promise<void>;
  notes(no: number): Promise<TicketNote[]>;
}

/** Everything stored about one customer, for a PIPL access request. */
export interface CustomerExport {
  customer: CustomerProfile;
  tickets: Ticket[];
  notes: TicketNote[];
}

/** Customers, linked across reports by a salted hash of their contact. */
export interface CustomerStore {
  /**
   * The customer a text is about, for biasing answers: a mobile number in the text (hashed
   * and looked up), else a 王女士-style name that matches exactly one customer of the store.
   */
  find(query: { text?: string; contact?: string; storeId?: string }): Promise<CustomerProfile | undefined>;
  get(id: string): Promise<CustomerProfile | undefined>;
  export(id: string): Promise<CustomerExport | undefined>;
  /** Deletes the customer and redacts their tickets' texts and notes; false when unknown. */
  erase(id: string, at: number): Promise<boolean>;
}

export type IntelStatus = 'pending' | 'approved' | 'rejected';

export interface IntelRecord {
  no: number;
  storeId: string;
  channel: ChannelName;
  chatId: string;
  reporterId: string;
  reporterName?: string;
  /** The report, PII-masked, without the `竞品：` prefix. */
  text: string;
  brand?: string;
  product?: string;
  price?: number;
  promotion?: string;
  location?: string;
  /** Our product ids the intel is about. */
  productIds: string[];
  expiresAt: number;
  status: IntelStatus;
  createdAt: number;
  decidedAt?: number;
  decidedBy?: string;
  reason?: string;
  points: number;
}

export type NewIntel = Omit<IntelRecord, 'no' | 'status' | 'decidedAt' | 'decidedBy' | 'reason' | 'points'> & {
  sourceKey: string;
};

/** Competitor intel reported by associates, approved or rejected by managers. */
export interface IntelStore {
  create(input: NewIntel): Promise<{ intel: IntelRecord; created: boolean }>;
  get(no: number): Promise<IntelRecord | undefined>;
  list(filter: { storeId?: string; status?: IntelStatus; activeAt?: number; limit?: number }): Promise<IntelRecord[]>;
  /**
   * Approves (awarding `points` to the reporter in the same transaction) or rejects a
   * pending record. `changed` is false when it was already decided.
   */
  decide(
    no: number,
    input: { status: 'approved' | 'rejected'; at: number; byId: string; reason?: string; points: number },
  ): Promise<{ intel: IntelRecord; changed: boolean } | undefined>;
}

export interface LeaderboardRow {
  userId: string;
  userName?: string;
  points: number;
}

/** Points for contributors (approved intel). */
export interface PointsLedger {
  leaderboard(storeId: string, opts?: { from?: number; limit?: number }): Promise<LeaderboardRow[]>;
  total(storeId: string, userId: string): Promise<number>;
}
