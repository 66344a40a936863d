import { createHash, timingSafeEqual } from 'node:crypto';
import { LarkRequestError } from './errors.js';

/** Lark's documented window: refuse requests whose timestamp is more than 5 minutes off. */
export const DEFAULT_TOLERANCE_SEC = 300;

export interface SignatureInput {
  /** The request body exactly as received, before any parsing. */
  rawBody: Uint8Array;
  timestamp: string | undefined;
  nonce: string | undefined;
  signature: string | undefined;
  encryptKey: string;
  /** Epoch ms from the injected clock. */
  nowMs: number;
  toleranceSec?: number;
}

/** hex(sha256(timestamp + nonce + encryptKey + rawBody)), the X-Lark-Signature formula. */
export function computeLarkSignature(
  timestamp: string,
  nonce: string,
  encryptKey: string,
  rawBody: Uint8Array,
): string {
  return createHash('sha256')
    .update(timestamp + nonce + encryptKey, 'utf8')
    .update(rawBody)
    .digest('hex');
}

/**
 * Verifies X-Lark-Signature over the raw body with a constant-time compare and a
 * ±tolerance window on X-Lark-Request-Timestamp (seconds). Pure: time comes in as `nowMs`.
 * Throws LarkRequestError (401) on any mismatch.
 */
export function verifyLarkSignature(input: SignatureInput): void {
  const { timestamp, nonce, signature } = input;
  if (!timestamp || !nonce || !signature) {
    throw new LarkRequestError('LARK_MISSING_SIGNATURE', 401, 'missing X-Lark-Signature, timestamp or nonce header');
  }
  if (!/^\d{1,12}$/.test(timestamp)) {
    throw new LarkRequestError('LARK_STALE_TIMESTAMP', 401, 'X-Lark-Request-Timestamp is not a number of seconds');
  }
  const skew = Math.abs(Math.floor(input.nowMs / 1000) - Number(timestamp));
  if (skew > (input.toleranceSec ?? DEFAULT_TOLERANCE_SEC)) {
    throw new LarkRequestError('LARK_STALE_TIMESTAMP', 401, `request timestamp is ${skew}s away from now`);
  }
  const expected = Buffer.from(computeLarkSignature(timestamp, nonce, input.encryptKey, input.rawBody), 'utf8');
  const given = Buffer.from(signature.trim().toLowerCase(), 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new LarkRequestError('LARK_BAD_SIGNATURE', 401, 'X-Lark-Signature does not match the body');
  }
}

/** Constant-time string equality (verification tokens): compares digests, so lengths leak nothing. */
export function safeEqual(a: string, b: string): boolean {
  const x = createHash('sha256').update(a).digest();
  const y = createHash('sha256').update(b).digest();
  return timingSafeEqual(x, y);
}
