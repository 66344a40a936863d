import type { Inbox } from '../../ports/inbox.js';
import type { PiiMasker } from '../../ports/pii.js';

/** Keys whose string values carry what a person wrote (Lark `content`, WeCom/wechaty `text`, raw XML fields). */
const TEXT_KEYS = new Set(['text', 'content', 'Content', 'Recognition', 'title']);

/**
 * Masks the message text inside a stored event: values under text-like keys only, so platform
 * ids (event ids, MsgIds, open_ids) that merely contain digit runs stay intact for replay.
 * A `content` that is itself JSON (Lark) is masked inside and re-serialised.
 */
export function maskEventPayload(value: unknown, mask: (s: string) => string, underTextKey = false): unknown {
  if (typeof value === 'string') {
    if (!underTextKey) return value;
    if (value.startsWith('{') || value.startsWith('[')) {
      try {
        return JSON.stringify(maskEventPayload(JSON.parse(value), mask, true));
      } catch {
        // Not JSON after all: mask it as text.
      }
    }
    return mask(value);
  }
  if (Array.isArray(value)) return value.map((v) => maskEventPayload(v, mask, underTextKey));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = maskEventPayload(v, mask, underTextKey || TEXT_KEYS.has(k));
  return out;
}

/**
 * An Inbox that never writes a phone, ID or card number: the replay copy of each event is
 * masked before it is stored. (The live event is processed from memory, unmasked; only a
 * replay after a crash sees the masked copy.)
 */
export function createMaskingInbox(inbox: Inbox, masker: PiiMasker): Inbox {
  const mask = (s: string) => masker.mask(s);
  // Delegates by prototype so every other member (leases, renew, purge) is the inner inbox's own.
  const masked: Inbox = Object.create(inbox);
  masked.accept = (event) => inbox.accept({ ...event, payload: maskEventPayload(event.payload, mask) });
  return masked;
}
