import type { Assistant } from '../core/assistant.js';
import type { InboundMessage } from '../core/message.js';
import type { ChannelClient } from '../ports/channel.js';
import type { Logger } from '../ports/logger.js';

/**
 * Runs one accepted inbound message through the assistant, sends the reply through the
 * channel's client and marks the inbox event done. Failures are logged, never thrown: the
 * event is marked done anyway so a message that cannot be answered is not replayed at every
 * start (crash recovery replays only what a crash interrupted).
 */
export async function answerInbound(
  assistant: Assistant,
  client: ChannelClient,
  logger: Logger,
  msg: InboundMessage,
): Promise<void> {
  try {
    const reply = await assistant.handle(msg);
    if (reply) await client.reply(msg, reply);
  } catch (err) {
    const code = (err as { code?: string }).code;
    logger.error({ err, code, channel: msg.channel, eventId: msg.eventId }, 'answering an inbound message failed');
  } finally {
    await assistant.services.inbox.markDone(msg.channel, msg.eventId).catch((err: unknown) => {
      logger.error({ err, channel: msg.channel, eventId: msg.eventId }, 'inbox markDone failed');
    });
  }
}

/** Work started after an HTTP response or an event callback, tracked so tests and shutdown can wait for it. */
export interface BackgroundTasks {
  run(task: () => Promise<void>): Promise<void>;
  /** Resolves once every task started so far (and any they start) has settled. */
  idle(): Promise<void>;
}

export function createBackgroundTasks(logger: Logger): BackgroundTasks {
  const running = new Set<Promise<void>>();
  return {
    run(task) {
      const p = Promise.resolve()
        .then(task)
        .catch((err: unknown) => logger.error({ err }, 'background task failed'))
        .finally(() => running.delete(p));
      running.add(p);
      return p;
    },
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}
