import type { DeliveryResult, OutboxItem, OutboxSink } from '../../ports/outbox.js';
import { IDEMPOTENCY_HEADER, SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from './sign-webhook.js';

export interface WebhookSinkOptions {
  url: string;
  secret: string;
  now: () => number;
  name?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Requests in flight at once. */
  concurrency?: number;
}

/** The JSON body of one webhook call. */
export function webhookBody(item: OutboxItem): string {
  return JSON.stringify({
    id: item.id,
    type: item.type,
    kind: item.kind,
    ref: item.ref,
    occurred_at: item.createdAt,
    data: item.payload,
  });
}

function retryAfterMs(res: Response): number | undefined {
  const v = res.headers.get('retry-after');
  if (!v) return undefined;
  const secs = Number(v);
  return Number.isFinite(secs) ? secs * 1000 : undefined;
}

/**
 * Forwards CRM events to any HTTP endpoint (CRM_WEBHOOK_URL): one POST per event, JSON, signed
 * with HMAC-SHA256 (`X-Daogou-Signature: sha256=…` over `timestamp.body`, `X-Daogou-Timestamp`),
 * with `Idempotency-Key` = the event id so a receiver can drop repeats. 2xx and 409 count as
 * delivered; 408/425/429/5xx, auth failures and network errors are retried; other 4xx are dead.
 */
export function createWebhookSink(opts: WebhookSinkOptions): OutboxSink {
  const doFetch = opts.fetch ?? fetch;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const concurrency = opts.concurrency ?? 4;

  async function post(
    item: OutboxItem,
  ): Promise<{ ok: true } | { ok: false; dead: boolean; error: string; retryAfterMs?: number }> {
    const body = webhookBody(item);
    const ts = Math.floor(opts.now() / 1000);
    try {
      const res = await doFetch(opts.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [IDEMPOTENCY_HEADER]: item.id,
          [TIMESTAMP_HEADER]: String(ts),
          [SIGNATURE_HEADER]: signWebhook(opts.secret, ts, body),
        },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      await res.body?.cancel().catch(() => {});
      if (res.ok || res.status === 409) return { ok: true };
      const retryable = res.status >= 500 || [401, 403, 408, 425, 429].includes(res.status);
      const ra = retryAfterMs(res);
      return {
        ok: false,
        dead: !retryable,
        error: `HTTP ${res.status} from ${opts.url}`,
        ...(ra !== undefined ? { retryAfterMs: ra } : {}),
      };
    } catch (err) {
      return { ok: false, dead: false, error: `${(err as Error).name}: ${(err as Error).message}` };
    }
  }

  return {
    name: opts.name ?? 'webhook',
    maxBatch: 50,
    accepts: () => true,
    async deliver(batch): Promise<DeliveryResult> {
      const result: DeliveryResult = { delivered: [], dead: [] };
      const queue = [...batch.items];
      const worker = async () => {
        for (let item = queue.shift(); item; item = queue.shift()) {
          const r = await post(item);
          if (r.ok) result.delivered.push(item.id);
          else if (r.dead) result.dead?.push({ id: item.id, error: r.error });
          else {
            result.error = r.error;
            if (r.retryAfterMs !== undefined) result.retryAfterMs = Math.max(result.retryAfterMs ?? 0, r.retryAfterMs);
            // The endpoint is struggling: stop sending the rest of this batch.
            queue.length = 0;
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, batch.items.length) }, worker));
      return result;
    },
  };
}
