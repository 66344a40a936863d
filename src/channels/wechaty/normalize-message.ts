import { type Message, types } from 'wechaty';
import type { InboundMessage } from '../../core/message.js';

/**
 * Turns a wechaty message into an InboundMessage, or undefined when the bot should stay
 * quiet: its own messages, anything but text, and room messages that do not @-mention it.
 * In rooms the mention is removed from the text (`mentionText`).
 */
export async function normalizeWechatyMessage(msg: Message): Promise<InboundMessage | undefined> {
  if (msg.self()) return undefined;
  if (msg.type() !== types.Message.Text) return undefined;
  const room = msg.room();
  if (room && !(await msg.mentionSelf())) return undefined;
  const text = (room ? await msg.mentionText() : msg.text()).trim();
  if (!text) return undefined;
  const talker = msg.talker();
  return {
    eventId: msg.id,
    channel: 'wechaty',
    chatId: room ? room.id : talker.id,
    chatType: room ? 'group' : 'p2p',
    userId: talker.id,
    userName: talker.name(),
    text,
    messageId: msg.id,
    addressedToBot: true,
    sentAt: msg.date().getTime(),
  };
}
