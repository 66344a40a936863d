import type { InboundMessage } from './message.js';

// Interaction ids are varchar(64); gap ids add a 2-character prefix.
const MAX_ID = 60;

/** 64-bit FNV-1a as 16 hex digits: a short, stable digest for ids that are too long (not a secret). */
function fnv1a64(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (const b of new TextEncoder().encode(text)) {
    h ^= BigInt(b);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, '0');
}

/**
 * The id of the reply to one inbound message, derived from its platform event: handling the
 * same event again (a replay after a crash, a re-push) yields the same id, so the interaction
 * row, the knowledge-gap row and the Lark reply (keyed on the event) exist once.
 */
export function replyIdFor(msg: Pick<InboundMessage, 'channel' | 'eventId'>): string {
  const id = `r_${msg.channel}_${msg.eventId}`;
  return id.length <= MAX_ID ? id : `r_${msg.channel}_${fnv1a64(msg.eventId)}`;
}
