import type { OutboundTarget } from '../../core/message.js';
import type { Reply } from '../../core/reply.js';
import type { Services } from '../../core/services.js';
import type { QuizRecord } from '../../ports/quiz-store.js';
import { quizStore } from './create-quiz.js';

/** What to send to one chat: messages in order, each with its own delivery key suffix. */
export type ChatMessages = { part: string; target: OutboundTarget; reply: Reply }[];

/** Chats sent to at once; the channel client's limiter spaces the actual requests. */
const CONCURRENCY = 16;

/**
 * Sends to many chats, each chat's messages in order. A delivery is recorded after its send
 * succeeds and skipped when recorded, so a retried or restarted job resends only what did
 * not go out. Throws after trying every chat if any failed (the job then retries).
 */
export async function fanOut(
  services: Services,
  quiz: QuizRecord,
  kind: string,
  chats: string[],
  build: (chatId: string) => Promise<ChatMessages>,
): Promise<{ sent: number; failed: number }> {
  const store = quizStore(services);
  let next = 0;
  let sent = 0;
  let failed = 0;
  let lastError: unknown;
  const worker = async () => {
    while (next < chats.length) {
      const chatId = chats[next++] as string;
      try {
        for (const m of await build(chatId)) {
          const key = `${quiz.id}:${kind}:${m.part}:${chatId}`.slice(0, 191);
          if (await store.delivered(key)) continue;
          await services.messenger.send(m.target, m.reply);
          await store.markDelivered(key, quiz.id, services.clock.now());
          sent++;
        }
      } catch (err) {
        failed++;
        lastError = err;
        services.logger.warn({ err, quiz: quiz.id, kind, chatId }, 'quiz delivery failed; the job will retry it');
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, chats.length) }, worker));
  if (failed > 0) throw Object.assign(new Error(`${failed} quiz ${kind} deliveries failed`), { cause: lastError });
  return { sent, failed };
}
