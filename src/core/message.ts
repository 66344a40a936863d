/** Platforms the assistant talks through. `http` is the local chat page and `/api/chat`. */
export type ChannelName = 'console' | 'http' | 'lark' | 'wecom' | 'wechaty';

export type ChatType = 'p2p' | 'group';

/**
 * One inbound message, the same shape for every channel. Channels verify and decode the
 * platform payload and produce this; nothing after that knows which platform it came from.
 */
export interface InboundMessage {
  /** Platform event id; the durable dedupe key together with `channel`. */
  eventId: string;
  channel: ChannelName;
  /** Conversation id: a Lark chat_id, a WeCom user id (app chats are 1:1), a WeChat room or contact id. */
  chatId: string;
  chatType: ChatType;
  /** Platform user id of the sender (Lark open_id, WeCom UserID, wechaty contact id). */
  userId: string;
  userName?: string;
  /** Plain text with bot mentions removed and whitespace trimmed. */
  text: string;
  /** Platform message id to reply to, when the platform supports replies. */
  messageId?: string;
  /** True for p2p, or when the bot was @-mentioned in a group. */
  addressedToBot: boolean;
  /** Epoch milliseconds when the platform says the message was sent. */
  sentAt: number;
}

/** Where an outgoing message goes when it is not a reply (notifications, quiz pushes, digests). */
export interface OutboundTarget {
  channel: ChannelName;
  chatId: string;
  /** User ids to @-mention, where the platform supports it. */
  mention?: string[];
}
