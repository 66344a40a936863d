import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-daogou-signature';
export const TIMESTAMP_HEADER = 'x-daogou-timestamp';
export const IDEMPOTENCY_HEADER = 'idempotency-key';

/** `sha256=<hex>` of HMAC-SHA256(secret, `${timestamp}.${rawBody}`); timestamp in Unix seconds. */
export function signWebhook(secret: string, timestamp: number, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
}

/**
 * Verifies a webhook call the way a receiver should: constant-time compare over the raw
 * body, and a timestamp within `toleranceSec` (default 5 minutes) of `nowSec`.
 */
export function verifyWebhook(
  secret: string,
  headers: { signature?: string | null; timestamp?: string | null },
  rawBody: string,
  nowSec: number,
  toleranceSec = 300,
): 'ok' | 'missing' | 'stale' | 'bad_signature' {
  if (!headers.signature || !headers.timestamp) return 'missing';
  const ts = Number(headers.timestamp);
  if (!Number.isInteger(ts) || Math.abs(nowSec - ts) > toleranceSec) return 'stale';
  const expected = Buffer.from(signWebhook(secret, ts, rawBody));
  const got = Buffer.from(headers.signature);
  return expected.length === got.length && timingSafeEqual(expected, got) ? 'ok' : 'bad_signature';
}
