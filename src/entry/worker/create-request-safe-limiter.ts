import type { SendLimiter } from '../../channels/lark/send-limiter.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface RequestSafeLimiterOptions {
  /** Spacing of sends to one chat (Lark: 5 per second per chat). */
  perChatMinMs?: number;
  /** Spacing of sends across this isolate (Lark: 50 per second per app). */
  appMinMs?: number;
}

/**
 * The Lark send limiter for Workers. Workers cancel a request's timers once its work is done,
 * so a limiter must never keep a timer running after it hands a caller its result (the Node
 * limiter holds a chat's slot for 210 ms after each send, and a cancelled hold would block
 * that chat forever). Here every wait happens before the send, in the caller's own request:
 * each send waits for the previous one on its chat and the spacing since it started.
 * Limits are per isolate; Lark's own 230020/99991400 answers are retried with backoff.
 */
export function createRequestSafeLimiter(opts: RequestSafeLimiterOptions = {}): SendLimiter {
  const perChatMinMs = opts.perChatMinMs ?? 210;
  const appMinMs = opts.appMinMs ?? 25;
  const chats = new Map<string, { tail: Promise<unknown>; lastStart: number }>();
  const app = { tail: Promise.resolve() as Promise<unknown>, lastStart: 0 };

  function spaced<T>(lane: { tail: Promise<unknown>; lastStart: number }, minMs: number, run: () => Promise<T>) {
    const result = lane.tail.then(async () => {
      const wait = lane.lastStart + minMs - Date.now();
      if (wait > 0) await sleep(wait);
      lane.lastStart = Date.now();
      return run();
    });
    // The next send waits for this one to start and settle, not for it to succeed.
    lane.tail = result.catch(() => {});
    return result;
  }

  return {
    schedule(chatKey, send) {
      let lane = chats.get(chatKey);
      if (!lane) {
        lane = { tail: Promise.resolve(), lastStart: 0 };
        chats.set(chatKey, lane);
      }
      const done = spaced(lane, perChatMinMs, () => spaced(app, appMinMs, send));
      // Forget idle chats so the map does not grow with every chat the isolate ever saw.
      const mine = lane;
      const forget = () => {
        if (chats.get(chatKey) === mine && mine.lastStart + perChatMinMs <= Date.now()) chats.delete(chatKey);
      };
      done.then(forget, forget);
      return done;
    },
    scheduleApp: (send) => spaced(app, appMinMs, send),
    async stop() {},
  };
}
