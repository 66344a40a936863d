import type { InboundMessage } from '../../core/message.js';
import { WecomCallbackError } from './wecom-errors.js';

/** A decrypted WeCom callback, as stored in the inbox (JSON) and processed after the ack. */
export type WecomInbound =
  | { kind: 'message'; eventId: string; msg: InboundMessage }
  /** A message we cannot read (image, file, location…): the sender gets a short hint. */
  | { kind: 'unsupported'; eventId: string; userId: string; msgType: string }
  /** An event (enter_agent, subscribe, …): recorded for dedupe, not answered. */
  | { kind: 'event'; eventId: string; userId: string; event: string };

/**
 * Turns the decrypted inner XML fields into a WecomInbound. The dedupe key is `MsgId` for
 * messages and `FromUserName:CreateTime` for events, as WeCom documents. A voice message
 * with speech recognition enabled is treated as its recognised text.
 */
export function normalizeCallback(f: Record<string, string>): WecomInbound {
  const userId = f.FromUserName?.trim();
  const msgType = f.MsgType?.trim();
  const createTime = f.CreateTime?.trim() ?? '';
  if (!userId || !msgType || !/^\d+$/.test(createTime)) {
    throw new WecomCallbackError('WECOM_BAD_XML', 400, 'callback lacks FromUserName, MsgType or CreateTime');
  }
  if (msgType === 'event') {
    return { kind: 'event', eventId: `${userId}:${createTime}`, userId, event: f.Event?.trim() ?? '' };
  }
  const msgId = f.MsgId?.trim();
  if (!msgId) throw new WecomCallbackError('WECOM_BAD_XML', 400, 'message callback lacks MsgId');
  const text = msgType === 'text' ? f.Content : msgType === 'voice' ? f.Recognition : undefined;
  if (text === undefined || text.trim() === '') return { kind: 'unsupported', eventId: msgId, userId, msgType };
  return {
    kind: 'message',
    eventId: msgId,
    msg: {
      eventId: msgId,
      channel: 'wecom',
      // App chats are one-to-one: the conversation is the member.
      chatId: userId,
      chatType: 'p2p',
      userId,
      text: text.trim(),
      messageId: msgId,
      addressedToBot: true,
      sentAt: Number(createTime) * 1000,
    },
  };
}
