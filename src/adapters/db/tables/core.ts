/** Tables of the engine and platform plumbing. JSON columns hold JSON text; times are epoch ms. */
export interface CoreTables {
  interactions: {
    id: string;
    at: number;
    kind: string;
    channel: string;
    store_id: string;
    user_id: string;
    chat_id: string;
    text: string;
    intent: string;
    products: string;
    sources: string;
    mode: string;
    declined: number;
    latency_ms: number;
    answer: string;
    reply_id: string | null;
    vote: string | null;
  };
  knowledge_gaps: {
    id: string;
    at: number;
    channel: string;
    store_id: string;
    user_id: string;
    question: string;
    intent: string;
    products: string;
    reason: string;
  };
  inbox_events: {
    channel: string;
    event_id: string;
    payload: string;
    received_at: number;
    status: string;
    lease_until: number;
    /** Second dedupe key (Lark message_id); migration 006. */
    dedupe_key: string | null;
    /** Instance holding the lease; migration 006. */
    lease_owner: string | null;
    attempts: number;
  };
  jobs: {
    id: string;
    key: string;
    name: string;
    run_at: number;
    payload: string;
    status: string;
    attempts: number;
    locked_until: number;
    last_error: string | null;
    /** Instance holding the lock; migration 006. */
    locked_by: string | null;
  };
  kv: {
    key: string;
    value: string;
    updated_at: number;
  };
}
