import type * as lark from '@larksuiteoapi/node-sdk';
import type { ChatMember } from '../../ports/channel.js';
import type { Logger } from '../../ports/logger.js';
import { type CallContext, callLark, DEFAULT_RETRY, type RetryPolicy, withTimeout } from './call-lark.js';
import { LarkApiError } from './errors.js';
import type { CardJson } from './render-card.js';
import type { OutboundMessage } from './render-outbound.js';
import type { SendLimiter } from './send-limiter.js';

/** A message to send with its idempotency key (Lark dedupes a uuid for 1 hour). */
export interface IdempotentMessage extends OutboundMessage {
  uuid: string;
}

export type ReceiveIdType = 'chat_id' | 'open_id' | 'user_id' | 'union_id' | 'email';

/** The Lark Open API calls this channel makes, each rate-limited and retried. */
export interface LarkApi {
  replyMessage(messageId: string, chatKey: string, msg: IdempotentMessage): Promise<string>;
  createMessage(receiveId: string, idType: ReceiveIdType, msg: IdempotentMessage): Promise<string>;
  createCard(card: CardJson): Promise<string>;
  /** Streams the full text so far into a markdown/plain_text element. `sequence` is called per try. */
  streamText(cardId: string, elementId: string, content: string, sequence: () => number): Promise<void>;
  cardSettings(cardId: string, settings: Record<string, unknown>, sequence: () => number): Promise<void>;
  updateCard(cardId: string, card: CardJson, sequence: () => number): Promise<void>;
  botInfo(): Promise<{ openId: string; name?: string }>;
  chatMembers(chatId: string): Promise<ChatMember[]>;
}

export interface LarkApiOptions {
  client: lark.Client;
  clearToken(): void;
  limiter: SendLimiter;
  logger: Logger;
  retry?: RetryPolicy;
  /** Retries for CardKit streaming updates (a late typewriter frame is worth little). */
  streamRetries?: number;
}

/** Wraps the SDK Client: every call goes through the limiter, retry policy and error mapping. */
export function createLarkApi(opts: LarkApiOptions): LarkApi {
  const { client, limiter } = opts;
  const ctx: CallContext = { logger: opts.logger, retry: opts.retry ?? DEFAULT_RETRY, clearToken: opts.clearToken };
  const streamRetries = opts.streamRetries ?? 1;
  const timeoutMs = ctx.retry.attemptTimeoutMs ?? DEFAULT_RETRY.attemptTimeoutMs ?? 10_000;
  const timed =
    <T>(api: string, work: () => Promise<T>) =>
    () =>
      withTimeout(api, timeoutMs, work());
  const need = <T>(api: string, v: T | undefined): T => {
    if (v === undefined || v === null || v === '') throw new LarkApiError(api, 200, 0, 'response is missing its data');
    return v;
  };

  return {
    async replyMessage(messageId, chatKey, msg) {
      const res = await callLark(ctx, 'im.message.reply', () =>
        limiter.schedule(
          chatKey,
          timed('im.message.reply', () =>
            client.im.v1.message.reply({
              path: { message_id: messageId },
              data: { msg_type: msg.msgType, content: msg.content, uuid: msg.uuid },
            }),
          ),
        ),
      );
      return need('im.message.reply', res.data?.message_id);
    },
    async createMessage(receiveId, idType, msg) {
      const res = await callLark(ctx, 'im.message.create', () =>
        limiter.schedule(
          receiveId,
          timed('im.message.create', () =>
            client.im.v1.message.create({
              params: { receive_id_type: idType },
              data: { receive_id: receiveId, msg_type: msg.msgType, content: msg.content, uuid: msg.uuid },
            }),
          ),
        ),
      );
      return need('im.message.create', res.data?.message_id);
    },
    async createCard(card) {
      const res = await callLark(ctx, 'cardkit.card.create', () =>
        limiter.scheduleApp(
          timed('cardkit.card.create', () =>
            client.cardkit.v1.card.create({ data: { type: 'card_json', data: JSON.stringify(card) } }),
          ),
        ),
      );
      return need('cardkit.card.create', res.data?.card_id);
    },
    async streamText(cardId, elementId, content, sequence) {
      await callLark(
        ctx,
        'cardkit.cardElement.content',
        () =>
          limiter.scheduleApp(
            timed('cardkit.cardElement.content', () =>
              client.cardkit.v1.cardElement.content({
                path: { card_id: cardId, element_id: elementId },
                data: { content, sequence: sequence() },
              }),
            ),
          ),
        streamRetries,
      );
    },
    async cardSettings(cardId, settings, sequence) {
      await callLark(ctx, 'cardkit.card.settings', () =>
        limiter.scheduleApp(
          timed('cardkit.card.settings', () =>
            client.cardkit.v1.card.settings({
              path: { card_id: cardId },
              data: { settings: JSON.stringify(settings), sequence: sequence() },
            }),
          ),
        ),
      );
    },
    async updateCard(cardId, card, sequence) {
      await callLark(ctx, 'cardkit.card.update', () =>
        limiter.scheduleApp(
          timed('cardkit.card.update', () =>
            client.cardkit.v1.card.update({
              path: { card_id: cardId },
              data: { card: { type: 'card_json', data: JSON.stringify(card) }, sequence: sequence() },
            }),
          ),
        ),
      );
    },
    async botInfo() {
      // No typed method for bot/v3/info; its payload is `bot` at the top level, not `data`.
      const res = await callLark(
        ctx,
        'bot.info',
        timed('bot.info', () =>
          client.request<{ code?: number; msg?: string; bot?: { open_id?: string; app_name?: string } }>({
            method: 'GET',
            url: '/open-apis/bot/v3/info',
          }),
        ),
      );
      const openId = need('bot.info', res.bot?.open_id);
      return { openId, ...(res.bot?.app_name ? { name: res.bot.app_name } : {}) };
    },
    async chatMembers(chatId) {
      const out: ChatMember[] = [];
      let pageToken: string | undefined;
      for (let page = 0; page < 500; page++) {
        const token = pageToken;
        const res = await callLark(
          ctx,
          'im.chatMembers.get',
          timed('im.chatMembers.get', () =>
            client.im.v1.chatMembers.get({
              path: { chat_id: chatId },
              params: { member_id_type: 'open_id', page_size: 100, ...(token ? { page_token: token } : {}) },
            }),
          ),
        );
        for (const m of res.data?.items ?? []) {
          if (m.member_id) out.push({ userId: m.member_id, ...(m.name ? { name: m.name } : {}) });
        }
        if (!res.data?.has_more || !res.data.page_token) return out;
        pageToken = res.data.page_token;
      }
      return out;
    },
  };
}
