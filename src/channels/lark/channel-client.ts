import { createHash } from 'node:crypto';
import type { InboundMessage, OutboundTarget } from '../../core/message.js';
import type { Reply } from '../../core/reply.js';
import type { ChannelClient, ChatMember } from '../../ports/channel.js';
import { deliveryScope } from '../../ports/delivery-scope.js';
import type { Ids } from '../../ports/ids.js';
import type { Logger } from '../../ports/logger.js';
import { LarkApiError } from './errors.js';
import type { IdempotentMessage, LarkApi, ReceiveIdType } from './lark-api.js';
import { type OutboundMessage, renderOutbound, textMessages } from './render-outbound.js';

/** Lark codes for a card it will not take (too long, bad card content): resend as text. */
const CARD_REJECTED = new Set([230025, 230099, 200860, 200220]);

/** The Lark ChannelClient, plus a plain-text reply for short notes. */
export interface LarkChannelClient extends ChannelClient {
  replyText(to: InboundMessage, text: string): Promise<void>;
  members(chatId: string): Promise<ChatMember[]>;
}

/** A stable send uuid (≤ 50 chars) for one part of the answer to one event: replays never duplicate. */
export function idempotencyKey(eventId: string, part: string): string {
  return `${createHash('sha256').update(eventId).digest('hex').slice(0, 32)}_${part}`.slice(0, 50);
}

function receiveIdType(id: string): ReceiveIdType {
  if (id.startsWith('ou_')) return 'open_id';
  if (id.startsWith('on_')) return 'union_id';
  return 'chat_id';
}

/**
 * Sends Replies to Lark: an interactive card when it fits, text parts otherwise (and when
 * Lark rejects the card). Replies are threaded to the inbound message.
 */
export function createLarkChannelClient(deps: { api: LarkApi; ids: Ids; logger: Logger }): LarkChannelClient {
  const { api, logger } = deps;

  async function deliver(
    messages: OutboundMessage[],
    fallbackText: string | undefined,
    mention: string[] | undefined,
    keyFor: (part: string) => string,
    send: (msg: IdempotentMessage) => Promise<string>,
  ): Promise<void> {
    for (const [i, m] of messages.entries()) {
      try {
        await send({ ...m, uuid: keyFor(`${m.msgType === 'interactive' ? 'c' : 't'}${i}`) });
      } catch (err) {
        if (
          !(
            m.msgType === 'interactive' &&
            fallbackText &&
            err instanceof LarkApiError &&
            CARD_REJECTED.has(err.larkCode)
          )
        )
          throw err;
        logger.warn({ code: err.larkCode }, 'lark rejected the card; sending the answer as text');
        for (const [j, t] of textMessages(fallbackText, mention).entries())
          await send({ ...t, uuid: keyFor(`f${i}_${j}`) });
      }
    }
  }

  function replyTo(to: InboundMessage) {
    return (msg: IdempotentMessage) =>
      to.messageId ? api.replyMessage(to.messageId, to.chatId, msg) : api.createMessage(to.chatId, 'chat_id', msg);
  }

  return {
    channel: 'lark',
    async reply(to, reply) {
      await deliver(renderOutbound(reply), reply.text, undefined, (p) => idempotencyKey(to.eventId, p), replyTo(to));
    },
    async replyText(to, text) {
      await deliver(
        textMessages(text, undefined),
        undefined,
        undefined,
        (p) => idempotencyKey(to.eventId, p),
        replyTo(to),
      );
    },
    async send(target: OutboundTarget, reply: Reply) {
      // Inside a job the key follows the job, the chat and what is shown (not the reply's
      // fresh id): a re-run after a crash repeats the same uuids and Lark drops the repeats;
      // a different message never shares a key.
      const scope = deliveryScope();
      const shown = JSON.stringify([target.mention, reply.title, reply.blocks, reply.text, reply.actions]);
      const sendKey = scope
        ? idempotencyKey(`${scope}\u0000${target.chatId}\u0000${shown}`, 'j').slice(0, 32)
        : deps.ids.next('s');
      const idType = receiveIdType(target.chatId);
      await deliver(
        renderOutbound(reply, target.mention ? { mention: target.mention } : {}),
        reply.text,
        target.mention,
        (p) => `${sendKey}_${p}`.slice(0, 50),
        (msg) => api.createMessage(target.chatId, idType, msg),
      );
    },
    members: (chatId) => api.chatMembers(chatId),
  };
}
