import type { ChannelName } from '../core/message.js';
import type { Reply } from '../core/reply.js';

/** A button pressed on a card the bot sent (votes, quiz options), platform-free. */
export interface CardAction {
  channel: ChannelName;
  /** `value.action` of the pressed button: the key a handler is registered under. */
  action: string;
  /** The button's whole callback value (string fields as sent, e.g. reply_id, vote). */
  value: Record<string, unknown>;
  /** Platform user id of whoever pressed (Lark open_id). */
  userId: string;
  chatId?: string;
  /** Platform id of the message holding the card. */
  messageId?: string;
  /** Platform callback id; stable for one press, usable as an idempotency key. */
  eventId: string;
  /** Values of a form container, when the button submits one. */
  formValue?: Record<string, unknown>;
}

/** What the platform shows after the press. Channels must answer within ~3 s. */
export interface CardActionResult {
  toast?: { type: 'info' | 'success' | 'warning' | 'error'; text: string };
  /** Replaces the pressed card with this reply, rendered by the channel. */
  card?: Reply;
}

export type CardActionHandler = (
  action: CardAction,
) => Promise<CardActionResult | undefined> | CardActionResult | undefined;

/**
 * Card-action handlers by `value.action` key: the Lark channel owns 'vote', other features
 * (quiz) register their own. One handler per key; registering a key again replaces it.
 */
export interface CardActions {
  register(action: string, handler: CardActionHandler): void;
  get(action: string): CardActionHandler | undefined;
  has(action: string): boolean;
}

/** The in-memory registry (there is no other kind: handlers are code). */
export function createCardActions(): CardActions {
  const handlers = new Map<string, CardActionHandler>();
  return {
    register(action, handler) {
      handlers.set(action, handler);
    },
    get: (action) => handlers.get(action),
    has: (action) => handlers.has(action),
  };
}
