import type { Reply } from '../core/reply.js';

/** The public JSON shape of an answer (CLI `--json` and `POST /api/chat`). */
export interface ChatJson {
  answer: string;
  intent: Reply['intent'];
  products: string[];
  sources: Reply['sources'];
  mode: Reply['mode'];
  declined: boolean;
  latency_ms: number;
}

export function toChatJson(reply: Reply): ChatJson {
  return {
    answer: reply.text,
    intent: reply.intent,
    products: reply.products,
    sources: reply.sources,
    mode: reply.mode,
    declined: reply.declined,
    latency_ms: reply.latencyMs,
  };
}
