import type { PiiMasker, PiiMatch } from '../../ports/pii.js';
import { findPersonNames } from './find-person-name.js';
import { findPii, maskPii } from './find-pii.js';

/** The masker every entry point wires in: masks mobiles, resident IDs and bank cards; also finds 王女士-style names. */
export function createPiiMasker(): PiiMasker {
  return {
    mask: maskPii,
    find(text) {
      const names: PiiMatch[] = findPersonNames(text).map(({ name, start }) => ({
        kind: 'person_name',
        start,
        end: start + name.length,
        value: name,
        masked: name,
      }));
      return [...findPii(text), ...names].sort((a, b) => a.start - b.start);
    },
  };
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
