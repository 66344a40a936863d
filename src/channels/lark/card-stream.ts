import type { Reply } from '../../core/reply.js';
import type { Logger } from '../../ports/logger.js';
import { utf8Bytes } from '../split-text.js';
import { sanitizeLlmMarkdown } from './card-markdown.js';
import type { LarkApi } from './lark-api.js';
import { type CardJson, countCardElements, renderCard } from './render-card.js';
import { LARK_LIMITS } from './render-outbound.js';

/** Spacing of CardKit operations on one card: Lark allows 10/s per card entity. */
export const DEFAULT_STREAM_INTERVAL_MS = 120;
const ELEMENT = 'answer';

export const STREAM_TEXT = {
  title: '正在生成回答…',
  placeholder: '思考中…',
  tooLong: '回答较长，已分条发送 ⬇️',
};

export interface CardStreamTarget {
  /** The inbound message the streamed card replies to. */
  messageId: string;
  chatKey: string;
  /** Idempotency key for sending the card entity. */
  uuid: string;
}

/**
 * One streamed answer: created lazily on the first partial text, shown with the typewriter
 * effect, and replaced by the final rendered card at the end. Any CardKit failure marks
 * the stream failed; the caller then sends a single ordinary reply.
 */
export interface CardStream {
  /** Non-blocking; coalesces frames to respect the per-card rate. Never throws. */
  push(textSoFar: string): void;
  readonly started: boolean;
  /** Closes streaming and shows the final reply; false when the caller must send it instead. */
  finish(reply: Reply): Promise<boolean>;
  /** Best effort: close streaming mode on a card that will not be finished. */
  abort(): Promise<void>;
}

function streamingCard(): CardJson {
  return {
    schema: '2.0',
    config: {
      update_multi: true,
      streaming_mode: true,
      summary: { content: STREAM_TEXT.title },
      streaming_config: { print_frequency_ms: { default: 70 }, print_step: { default: 1 }, print_strategy: 'fast' },
    },
    header: { title: { tag: 'plain_text', content: STREAM_TEXT.title }, template: 'blue' },
    body: { elements: [{ tag: 'markdown', element_id: ELEMENT, content: STREAM_TEXT.placeholder }] },
  };
}

function noteCard(title: string, note: string): CardJson {
  return {
    schema: '2.0',
    config: { update_multi: true, summary: { content: title } },
    header: { title: { tag: 'plain_text', content: title || '导购助手' }, template: 'blue' },
    body: { elements: [{ tag: 'div', element_id: ELEMENT, text: { tag: 'plain_text', content: note } }] },
  };
}

/** A stream for one answer; nothing is sent to Lark until the first `push`. */
export function createCardStream(
  deps: { api: LarkApi; logger: Logger; intervalMs?: number },
  target: CardStreamTarget,
): CardStream {
  const { api, logger } = deps;
  const intervalMs = deps.intervalMs ?? DEFAULT_STREAM_INTERVAL_MS;
  let cardId: string | undefined;
  let sequence = 0;
  const nextSequence = () => ++sequence;
  let started = false;
  let failed = false;
  let closed = false;
  let pumping = false;
  let latest = '';
  let shown = '';
  let lastOpAt = 0;
  let chain: Promise<void> = Promise.resolve();

  const fail = (err: unknown) => {
    if (!failed)
      logger.warn(
        { err, messageId: target.messageId, cardId },
        'card streaming failed; falling back to a single reply',
      );
    failed = true;
  };
  const pace = async () => {
    const wait = lastOpAt + intervalMs - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    lastOpAt = Date.now();
  };
  const enqueue = (step: () => Promise<void>) => {
    chain = chain.then(() => (failed ? undefined : step())).catch(fail);
  };

  async function open(): Promise<void> {
    await pace();
    cardId = await api.createCard(streamingCard());
    const content = JSON.stringify({ type: 'card', data: { card_id: cardId } });
    await api.replyMessage(target.messageId, target.chatKey, { msgType: 'interactive', content, uuid: target.uuid });
  }

  async function pump(): Promise<void> {
    try {
      while (!failed && cardId && latest !== shown) {
        const text = latest;
        await pace();
        await api.streamText(cardId, ELEMENT, sanitizeLlmMarkdown(text), nextSequence);
        shown = text;
      }
    } finally {
      pumping = false;
    }
  }

  async function close(): Promise<void> {
    if (!cardId || closed) return;
    closed = true;
    await pace();
    await api.cardSettings(cardId, { config: { streaming_mode: false } }, nextSequence);
  }

  return {
    get started() {
      return started;
    },
    push(textSoFar) {
      if (failed || closed || !textSoFar) return;
      latest = textSoFar;
      if (!started) {
        started = true;
        enqueue(open);
      }
      if (!pumping) {
        pumping = true;
        enqueue(pump);
      }
    },
    async finish(reply) {
      if (!started) return false;
      await chain;
      if (failed || !cardId) {
        await this.abort();
        return false;
      }
      try {
        await close();
        const card = renderCard(reply);
        const fits =
          utf8Bytes(JSON.stringify(card)) <= LARK_LIMITS.maxCardBytes &&
          countCardElements(card.body) <= LARK_LIMITS.maxCardElements;
        await pace();
        if (!fits) {
          await api.updateCard(cardId, noteCard(reply.title, STREAM_TEXT.tooLong), nextSequence);
          return false;
        }
        await api.updateCard(cardId, card, nextSequence);
        return true;
      } catch (err) {
        fail(err);
        return false;
      }
    },
    async abort() {
      await chain;
      try {
        await close();
      } catch (err) {
        logger.debug({ err, cardId }, 'closing a failed stream failed too');
      }
    },
  };
}
