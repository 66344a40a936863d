/** Record families forwarded to remote CRMs (one Bitable table each). */
export const OUTBOX_KINDS = ['interactions', 'gaps', 'tickets', 'customers', 'intel', 'points'] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];

/** One event to deliver to one sink; `id` is the idempotency key the sink sends. */
export interface OutboxItem {
  id: string;
  sink: string;
  kind: OutboxKind;
  /** Event type, e.g. `interaction.logged`, `ticket.created`, `ticket.closed`. */
  type: string;
  /** The record's id (interaction id, ticket number, …). */
  ref: string;
  /** PII-masked snapshot of the record at the time of the event. */
  payload: Record<string, unknown>;
  createdAt: number;
  attempts: number;
}

/**
 * Items claimed together. A batch keeps its id and members across retries, so a sink can
 * derive a stable idempotency token for the whole call (Bitable `client_token`).
 */
export interface OutboxBatch {
  id: string;
  sink: string;
  kind: OutboxKind;
  items: OutboxItem[];
  attempts: number;
}

/** What a sink did with a batch; items listed nowhere are retried. */
export interface DeliveryResult {
  delivered: string[];
  /** Rejected for good (4xx other than auth and rate limits): kept locally, not retried. */
  dead?: { id: string; error: string }[];
  /** Earliest time to try again (Retry-After), if the sink was told. */
  retryAfterMs?: number;
  error?: string;
}

/** A remote CRM: Bitable, a webhook. */
export interface OutboxSink {
  readonly name: string;
  /** Largest batch the sink accepts in one call. */
  readonly maxBatch: number;
  accepts(kind: OutboxKind): boolean;
  deliver(batch: OutboxBatch): Promise<DeliveryResult>;
}

/** The durable side of the outbox: rows written in the same transaction as the record. */
export interface OutboxStore {
  /** Claims the oldest due batch for a sink (an unfinished one first, else a new one of up to `max` items). */
  claim(sink: string, max: number, now: number, leaseMs: number): Promise<OutboxBatch | undefined>;
  markDelivered(ids: string[], at: number): Promise<void>;
  retry(ids: string[], nextAt: number, error: string): Promise<void>;
  markDead(ids: string[], at: number, error: string): Promise<void>;
  /** Counts by sink and status (for /health and tests). */
  counts(): Promise<{ sink: string; status: string; count: number }[]>;
}
