import Bottleneck from 'bottleneck';
import { foldPlainText } from '../../core/render-text.js';
import type { ChannelClient } from '../../ports/channel.js';
import { createKeyedSerializer } from '../serialize-by-key.js';
import { splitText } from '../split-text.js';
import type { WecomApi } from './create-wecom-api.js';

/** WeCom's cap on one text message's content. */
export const WECOM_TEXT_MAX_BYTES = 2048;

/**
 * Per-member send budget as a token bucket: `burst` messages at once, then one more every
 * `refillMs`. WeCom allows ≤30 messages/min and ≤1000/h per member (extra ones are dropped
 * silently), so the defaults guarantee, over any window: 60 s → 10 + ⌈60000/3700⌉ = 27 ≤ 30,
 * 1 h → 10 + ⌈3600000/3700⌉ = 983 ≤ 1000.
 */
export interface MemberRateLimit {
  burst: number;
  refillMs: number;
}

export const DEFAULT_MEMBER_RATE_LIMIT: MemberRateLimit = { burst: 10, refillMs: 3700 };

/** The WeCom ChannelClient plus raw text sending and a way to stop its rate limiters. */
export interface WecomClient extends ChannelClient {
  /** Sends plain text to a member, split and rate-limited like a reply. */
  sendText(userId: string, text: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Sends replies with the active `message/send` API: the canonical plain text split into
 * ≤ 2048-byte parts at sentence/line boundaries, queued per member so parts keep their order
 * and WeCom's per-member limits are respected.
 */
export function createWecomClient(api: WecomApi, limit: MemberRateLimit = DEFAULT_MEMBER_RATE_LIMIT): WecomClient {
  const limiters = new Bottleneck.Group({
    maxConcurrent: 1,
    reservoir: limit.burst,
    reservoirIncreaseAmount: 1,
    reservoirIncreaseInterval: limit.refillMs,
    reservoirIncreaseMaximum: limit.burst,
  });

  const serial = createKeyedSerializer();

  function sendParts(userId: string, text: string): Promise<void> {
    return serial(userId, async () => {
      const limiter = limiters.key(userId);
      for (const part of splitText(text, WECOM_TEXT_MAX_BYTES)) {
        await limiter.schedule(() => api.sendText(userId, part));
      }
    });
  }

  return {
    channel: 'wecom',
    sendText: sendParts,
    async reply(to, reply) {
      // An answer's first screen; the rest comes when the user replies 1 (the more feature).
      const { first } = foldPlainText(reply.text);
      if (first.trim()) await sendParts(to.userId, first);
    },
    async send(target, reply) {
      // An app chat is one member; chatId is their UserID. Mentions have no meaning here.
      if (reply.text.trim()) await sendParts(target.chatId, reply.text);
    },
    async stop() {
      await Promise.all(limiters.limiters().map(({ limiter }) => limiter.stop({ dropWaitingJobs: false })));
    },
  };
}
