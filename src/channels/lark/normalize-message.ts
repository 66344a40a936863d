import type { InboundMessage } from '../../core/message.js';
import type { MessageReceiveEvent } from './envelope.js';
import { extractRawText, MAX_INBOUND_CHARS, stripMentions } from './message-content.js';

/** What to do with one im.message.receive_v1 event. */
export type NormalizedMessage =
  | { kind: 'message'; msg: InboundMessage }
  /** Addressed to the bot, but a type it cannot read (image, file, sticker…). */
  | { kind: 'unsupported'; msg: InboundMessage; messageType: string }
  /** Addressed to the bot with nothing but the mention. */
  | { kind: 'empty'; msg: InboundMessage }
  | { kind: 'ignore'; reason: 'own_message' | 'not_addressed' | 'no_sender' };

/**
 * Turns a receive_v1 event into the platform-free InboundMessage. p2p is always addressed
 * to the bot; in a group only an @mention of the bot's open_id counts.
 */
export function normalizeMessage(
  eventId: string,
  ev: MessageReceiveEvent,
  botOpenId: string | undefined,
): NormalizedMessage {
  const { sender, message } = ev;
  const userId = sender.sender_id?.open_id;
  if (sender.sender_type === 'app' || (botOpenId !== undefined && userId === botOpenId)) {
    return { kind: 'ignore', reason: 'own_message' };
  }
  if (!userId) return { kind: 'ignore', reason: 'no_sender' };
  const mentions = message.mentions ?? [];
  const chatType = message.chat_type === 'p2p' ? 'p2p' : 'group';
  const addressed =
    chatType === 'p2p' || (botOpenId !== undefined && mentions.some((m) => m.id?.open_id === botOpenId));
  if (!addressed) return { kind: 'ignore', reason: 'not_addressed' };
  const sentAt = Number(message.create_time);
  const base: InboundMessage = {
    eventId,
    channel: 'lark',
    chatId: message.chat_id,
    chatType,
    userId,
    text: '',
    messageId: message.message_id,
    addressedToBot: true,
    sentAt: Number.isFinite(sentAt) ? sentAt : 0,
  };
  const raw = extractRawText(message.message_type, message.content);
  if (raw === undefined) return { kind: 'unsupported', msg: base, messageType: message.message_type };
  const text = stripMentions(raw, mentions, botOpenId);
  if (!text) return { kind: 'empty', msg: base };
  return {
    kind: 'message',
    msg: { ...base, text: text.length > MAX_INBOUND_CHARS ? text.slice(0, MAX_INBOUND_CHARS) : text },
  };
}
