import type { PiiMasker } from '../../ports/pii.js';
import type { StorageAdapter } from '../../ports/storage.js';

function maskStrings(value: unknown, mask: (s: string) => string): unknown {
  if (typeof value === 'string') return mask(value);
  if (Array.isArray(value)) return value.map((v) => maskStrings(v, mask));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = maskStrings(v, mask);
  return out;
}

/**
 * A StorageAdapter that masks every string of a value before it is written (conversation
 * state keeps the last question for follow-ups; no phone, ID or card number in it is stored).
 */
export function createMaskingStorage<T>(storage: StorageAdapter<T>, masker: PiiMasker): StorageAdapter<T> {
  const mask = (s: string) => masker.mask(s);
  return {
    read: (key) => storage.read(key),
    write: (key, value) => storage.write(key, maskStrings(value, mask) as T),
    delete: (key) => storage.delete(key),
  };
}
