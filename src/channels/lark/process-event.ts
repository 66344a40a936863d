import type { Assistant } from '../../core/assistant.js';
import type { Logger } from '../../ports/logger.js';
import type { BotIdentity } from './bot-identity.js';
import { type CardStream, createCardStream } from './card-stream.js';
import { idempotencyKey, type LarkChannelClient } from './channel-client.js';
import { type EnvelopeV2, messageReceiveSchema } from './envelope.js';
import type { LarkApi } from './lark-api.js';
import { normalizeMessage } from './normalize-message.js';

/** Short notes the bot sends instead of an answer. */
export const HINT_TEXT = {
  unsupported: '抱歉，我暂时只能看懂文字消息，请直接用文字提问哦～',
  empty: '在的～请在 @我 后面直接输入你的问题。',
};

export interface ProcessDeps {
  assistant: Assistant;
  client: LarkChannelClient;
  api: LarkApi;
  bot: BotIdentity;
  logger: Logger;
  /** Stream LLM answers through CardKit. */
  streaming: boolean;
  streamIntervalMs?: number;
}

/**
 * Processes one accepted im.message.receive_v1 envelope, after the webhook has answered:
 * normalise, run the assistant (streaming partial LLM text into a card when enabled),
 * reply. Throws when Lark could not be reached, so the event stays in the inbox.
 */
export function createEventProcessor(deps: ProcessDeps): (envelope: EnvelopeV2) => Promise<void> {
  const { assistant, client, logger } = deps;
  return async (envelope) => {
    const eventId = envelope.header.event_id;
    const parsed = messageReceiveSchema.safeParse(envelope.event);
    if (!parsed.success) {
      logger.warn(
        { eventId, issue: parsed.error.issues[0]?.message },
        'im.message.receive_v1 event has an unexpected shape; ignored',
      );
      return;
    }
    const n = normalizeMessage(eventId, parsed.data, await deps.bot.openId());
    switch (n.kind) {
      case 'ignore':
        logger.debug({ eventId, reason: n.reason }, 'lark message ignored');
        return;
      case 'empty':
        return client.replyText(n.msg, HINT_TEXT.empty);
      case 'unsupported':
        return client.replyText(n.msg, HINT_TEXT.unsupported);
    }
    const { msg } = n;
    let stream: CardStream | undefined;
    if (deps.streaming && msg.messageId) {
      stream = createCardStream(
        {
          api: deps.api,
          logger,
          ...(deps.streamIntervalMs !== undefined ? { intervalMs: deps.streamIntervalMs } : {}),
        },
        { messageId: msg.messageId, chatKey: msg.chatId, uuid: idempotencyKey(eventId, 'stream') },
      );
    }
    const s = stream;
    const reply = await assistant.handle(msg, s ? { onPartialText: (text) => s.push(text) } : {});
    if (!reply) {
      if (s?.started) await s.abort();
      return;
    }
    if (s?.started && (await s.finish(reply))) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    await client.reply(msg, reply);
  };
}
