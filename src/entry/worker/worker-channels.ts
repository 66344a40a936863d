import { buildLarkChannel } from '../../channels/lark/build-lark-channel.js';
import type { ChannelModule } from '../../channels/types.js';
import { buildWecomChannel } from '../../channels/wecom/build-wecom-channel.js';
import type { ChannelDeps } from '../channels.js';
import { createRequestSafeLimiter } from './create-request-safe-limiter.js';

/**
 * WeCom's per-member token bucket refills on a Bottleneck interval, which Workers cancel when
 * the request that created it ends; an emptied bucket would then block that member for good.
 * On Workers the bucket never empties; WeCom's own limits apply (per isolate, a bucket would
 * not bound a member's total anyway).
 */
const WORKERS_WECOM_RATE = { burst: Number.MAX_SAFE_INTEGER, refillMs: 3_600_000 };

/**
 * The channels a Worker serves: Lark at /webhooks/lark and WeCom at /webhooks/wecom, with
 * the same verification, durable dedupe and fast ack as on Node, and send limiting that keeps
 * no timer alive after a request's work (Workers cancel those). WeChat through wechaty needs
 * a long-lived process, so it stays on Node.
 */
export async function buildWorkerChannels(deps: ChannelDeps): Promise<ChannelModule[]> {
  const modules: ChannelModule[] = [];
  const lark = buildLarkChannel(
    deps,
    { limiter: createRequestSafeLimiter(), replay: { intervalMs: 0 } },
    { allowMissingSecret: true },
  );
  if (lark) modules.push(lark);
  const wecom = buildWecomChannel(deps, { rateLimit: WORKERS_WECOM_RATE, recovery: { intervalMs: 0 } });
  if (wecom) modules.push(wecom);
  if (deps.config.WECHATY_PUPPET) {
    deps.logger.warn(
      'WECHATY_PUPPET is set, but WeChat through wechaty needs a long-lived Node process (npm start); it is ignored on Workers',
    );
  }
  return modules;
}

/** What the Worker waits for after a response and drives from the cron trigger. */
export interface BackgroundChannel {
  idle(): Promise<void>;
  sweep(): Promise<number>;
}

export function isBackgroundChannel(ch: ChannelModule): ch is ChannelModule & BackgroundChannel {
  const c = ch as Partial<BackgroundChannel>;
  return typeof c.idle === 'function' && typeof c.sweep === 'function';
}
