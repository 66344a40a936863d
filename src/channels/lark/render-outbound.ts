import type { Reply } from '../../core/reply.js';
import { splitText, utf8Bytes } from '../split-text.js';
import { isSafeUserId } from './card-markdown.js';
import { countCardElements, type RenderCardOptions, renderCard } from './render-card.js';

/** Lark's documented limits, with a margin for the tags Lark adds when it stores a card. */
export const LARK_LIMITS = {
  /** Card content must be ≤ 30 KB. */
  maxCardBytes: 28 * 1024,
  /** A card holds at most 200 components. */
  maxCardElements: 200,
  /** Text messages may be 150 KB; parts are kept much shorter (~4000 CJK chars) to stay readable. */
  maxTextBytes: 12 * 1024,
};

/** One message to send: Lark's msg_type and its JSON-string content. */
export interface OutboundMessage {
  msgType: 'interactive' | 'text';
  content: string;
}

export type Limits = typeof LARK_LIMITS;

/**
 * A Reply as the messages to send: one interactive card when it fits Lark's card limits,
 * otherwise the plain text split into numbered parts (never silently truncated).
 */
export function renderOutbound(
  reply: Reply,
  opts: RenderCardOptions = {},
  limits: Limits = LARK_LIMITS,
): OutboundMessage[] {
  const card = renderCard(reply, opts);
  const content = JSON.stringify(card);
  const fits = utf8Bytes(content) <= limits.maxCardBytes && countCardElements(card.body) <= limits.maxCardElements;
  if (fits) return [{ msgType: 'interactive', content }];
  return textMessages(reply.text, opts.mention, limits.maxTextBytes);
}

/**
 * Plain text as one or more text messages, split at paragraph/line/sentence boundaries
 * into numbered parts; @mentions go at the start of the first.
 */
export function textMessages(
  text: string,
  mention: string[] | undefined,
  maxBytes = LARK_LIMITS.maxTextBytes,
): OutboundMessage[] {
  const ats = (mention ?? []).filter(isSafeUserId).map((id) => `<at user_id="${id}"></at>`);
  const prefix = ats.length ? `${ats.join(' ')} ` : '';
  return splitText(text, maxBytes - utf8Bytes(prefix)).map((part, i) => ({
    msgType: 'text',
    content: JSON.stringify({ text: (i === 0 ? prefix : '') + part }),
  }));
}
