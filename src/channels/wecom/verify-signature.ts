import { getSignature } from '@wecom/crypto';
import { WecomCallbackError } from './wecom-errors.js';

/** WeCom's allowed clock skew for a callback timestamp, in seconds. */
export const MAX_SKEW_SECONDS = 300;

/** Compares two strings in time independent of where they differ (length is not secret). */
export function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

export interface SignedParams {
  signature: string;
  timestamp: string;
  nonce: string;
  /** The signed ciphertext: `echostr` for URL verification, `<Encrypt>` for messages. */
  encrypted: string;
}

/**
 * Checks `msg_signature = sha1(sort([token, timestamp, nonce, encrypted]).join(''))` in
 * constant time. Throws WecomCallbackError WECOM_BAD_SIGNATURE (401) when it does not match.
 */
export function verifySignature(token: string, p: SignedParams): void {
  const expected = getSignature(token, p.timestamp, p.nonce, p.encrypted);
  if (!constantTimeEqual(expected, p.signature.toLowerCase())) {
    throw new WecomCallbackError('WECOM_BAD_SIGNATURE', 401, 'msg_signature does not match; check WECOM_TOKEN');
  }
}

/**
 * Rejects a callback whose `timestamp` (epoch seconds) is more than five minutes from now,
 * so a captured request cannot be replayed later (WECOM_STALE_TIMESTAMP, 401).
 */
export function checkFreshness(timestamp: string, nowMs: number, maxSkewSeconds = MAX_SKEW_SECONDS): void {
  const ts = /^\d{1,12}$/.test(timestamp) ? Number(timestamp) : Number.NaN;
  if (!Number.isFinite(ts) || Math.abs(nowMs / 1000 - ts) > maxSkewSeconds) {
    throw new WecomCallbackError('WECOM_STALE_TIMESTAMP', 401, `timestamp ${timestamp} is outside the 5-minute window`);
  }
}
