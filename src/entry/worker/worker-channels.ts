import { buildLarkChannel } from '../../channels/lark/build-lark-channel.js';
import type { ChannelModule } from '../../channels/types.js';
import { buildWecomChannel } from '../../channels/wecom/build-wecom-channel.js';
import type { ChannelDeps } from '../channels.js';

/**
 * The channels a Worker serves: Lark at /webhooks/lark and WeCom at /webhooks/wecom, with
 * the same verification, durable dedupe and fast ack as on Node. WeChat through wechaty needs
 * a long-lived process, so it stays on Node.
 */
export async function buildWorkerChannels(deps: ChannelDeps): Promise<ChannelModule[]> {
  const modules: ChannelModule[] = [];
  const lark = buildLarkChannel(deps);
  if (lark) modules.push(lark);
  const wecom = buildWecomChannel(deps);
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
