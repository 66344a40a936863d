import Bottleneck from 'bottleneck';

export interface SendLimiterOptions {
  /** Minimum spacing of sends to one chat (Lark: 5 msg/s per user or group). */
  perChatMinMs?: number;
  /** Minimum spacing of sends across the app (Lark: 50/s for create and reply). */
  appMinMs?: number;
}

export interface SendLimiter {
  /** Runs `send` when both the chat's and the app's budgets allow it. */
  schedule<T>(chatKey: string, send: () => Promise<T>): Promise<T>;
  /** Same, for calls limited only app-wide (CardKit). */
  scheduleApp<T>(send: () => Promise<T>): Promise<T>;
  stop(): Promise<void>;
}

/**
 * Bottleneck limiters: one app-wide, and one per chat (maxConcurrent 1) that holds its
 * slot until `perChatMinMs` after the request actually went out, so waiting for the app
 * budget can never squeeze two sends to one chat closer together.
 */
export function createSendLimiter(opts: SendLimiterOptions = {}): SendLimiter {
  const perChatMinMs = opts.perChatMinMs ?? 210;
  const app = new Bottleneck({ minTime: opts.appMinMs ?? 21 });
  const cardkit = new Bottleneck({ minTime: opts.appMinMs ?? 21 });
  const chats = new Bottleneck.Group({ maxConcurrent: 1, timeout: 60_000 });
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  return {
    schedule(chatKey, send) {
      return new Promise((resolve, reject) => {
        chats
          .key(chatKey)
          .schedule(async () => {
            let sentAt = Date.now();
            try {
              resolve(
                await app.schedule(() => {
                  sentAt = Date.now();
                  return send();
                }),
              );
            } catch (err) {
              reject(err);
            }
            const hold = perChatMinMs - (Date.now() - sentAt);
            if (hold > 0) await sleep(hold);
          })
          .catch(reject);
      });
    },
    scheduleApp: (send) => cardkit.schedule(send),
    async stop() {
      await Promise.all([app.stop({ dropWaitingJobs: false }), cardkit.stop({ dropWaitingJobs: false })]);
      await Promise.all(chats.limiters().map(({ limiter }) => limiter.stop({ dropWaitingJobs: false })));
    },
  };
}
