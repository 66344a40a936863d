import type { PiiMasker } from '../../ports/pii.js';
import { findPii, maskPii } from './find-pii.js';

/** The masker every entry point wires in: mobiles, resident IDs and bank cards. */
export function createPiiMasker(): PiiMasker {
  return { mask: maskPii, find: findPii };
}

/**
 * Masks every string inside a JSON-like value (objects, arrays, Errors), returning a copy.
 * Numbers that look like a phone or card become masked strings. Cycles are cut.
 */
export function maskDeep(value: unknown, mask: (s: string) => string = maskPii, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return mask(value);
  if (typeof value === 'number' || typeof value === 'bigint') {
    const s = String(value);
    const m = mask(s);
    return m === s ? value : m;
  }
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  if (value instanceof Error) {
    const e = value as Error & { code?: unknown; cause?: unknown };
    return {
      type: e.name,
      message: mask(e.message),
      ...(e.stack ? { stack: mask(e.stack) } : {}),
      ...(e.code !== undefined ? { code: e.code } : {}),
      ...(e.cause !== undefined ? { cause: maskDeep(e.cause, mask, seen) } : {}),
    };
  }
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, mask, seen));
  if (value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = maskDeep(v, mask, seen);
  return out;
}
