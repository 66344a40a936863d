import Bottleneck from 'bottleneck';

export interface SendLimiterOptions {
  /** Minimum spacing of sends to one chat (Lark: 5 msg/s per user or group). */
  perChatMinMs?: number;
  /**
   * Minimum spacing of sends across the app (Lark: 50/s for create and reply). The default
   * 25 ms (≤ 40 in any second) leaves room for requests that arrive bunched up.
   */
  appMinMs?: number;
  /**
   * Sends per sliding minute across the app (Lark: create and reply are also limited to
   * 1000/min, so ~17/s sustained). Default 950.
   */
  appPerMinute?: number;
  /** Length of that window (tests shorten it). */
  minuteMs?: number;
}

export interface SendLimiter {
  /** Runs `send` when both the chat's and the app's budgets allow it. */
  schedule<T>(chatKey: string, send: () => Promise<T>): Promise<T>;
  /** Same, for calls limited only app-wide (CardKit). */
  scheduleApp<T>(send: () => Promise<T>): Promise<T>;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Spaced = <T>(send: () => Promise<T>) => Promise<T>;

/**
 * Starts each `send` when the limiter's single slot is free and the sliding minute has
 * room, then keeps the slot for `spacingMs` of real time after the start. Spacing is
 * measured from actual starts, so a stalled event loop never releases a catch-up burst
 * (Bottleneck's minTime would).
 */
function createSpaced(spacingMs: number, perMinute: number, windowMs: number): { run: Spaced; limiter: Bottleneck } {
  const limiter = new Bottleneck({ maxConcurrent: 1 });
  const starts: number[] = [];
  const run: Spaced = (send) =>
    new Promise((resolve, reject) => {
      limiter
        .schedule(async () => {
          while (starts.length >= perMinute) {
            const wait = (starts[0] ?? 0) + windowMs - Date.now();
            if (wait <= 0) starts.shift();
            else await sleep(wait + 1);
          }
          starts.push(Date.now());
          send().then(resolve, reject);
          await sleep(spacingMs);
        })
        .catch(reject);
    });
  return { run, limiter };
}

/**
 * Bottleneck limiters: one app-wide for messages (≤ 1/appMinMs per second, ≤ appPerMinute
 * per minute), one like it for CardKit (whose endpoints have the same quotas), and one per chat that
 * holds its slot until `perChatMinMs` after its request actually went out, so waiting for
 * the app budget can never squeeze two sends to one chat closer together.
 */
export function createSendLimiter(opts: SendLimiterOptions = {}): SendLimiter {
  const perChatMinMs = opts.perChatMinMs ?? 210;
  const appMinMs = opts.appMinMs ?? 25;
  const perMinute = opts.appPerMinute ?? 950;
  const minuteMs = opts.minuteMs ?? 60_000;
  const app = createSpaced(appMinMs, perMinute, minuteMs);
  const cardkit = createSpaced(appMinMs, perMinute, minuteMs);
  const chats = new Bottleneck.Group({ maxConcurrent: 1, timeout: 60_000 });
  return {
    schedule(chatKey, send) {
      return new Promise((resolve, reject) => {
        chats
          .key(chatKey)
          .schedule(async () => {
            let sentAt = Date.now();
            try {
              resolve(
                await app.run(() => {
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
    scheduleApp: (send) => cardkit.run(send),
    async stop() {
      await Promise.all([
        app.limiter.stop({ dropWaitingJobs: false }),
        cardkit.limiter.stop({ dropWaitingJobs: false }),
      ]);
      await Promise.all(chats.limiters().map(({ limiter }) => limiter.stop({ dropWaitingJobs: false })));
    },
  };
}
