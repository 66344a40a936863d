import { LARK_OFF } from '../channels/lark/lark-off.js';
import type { ChannelModule } from '../channels/types.js';
import { buildWechatyChannel } from '../channels/wechaty/build-wechaty-channel.js';
import { buildWecomChannel } from '../channels/wecom/build-wecom-channel.js';
import type { Config } from '../config.js';
import type { Assistant } from '../core/assistant.js';
import type { Logger } from '../ports/logger.js';

export interface ChannelDeps {
  config: Config;
  assistant: Assistant;
  logger: Logger;
}

/**
 * Builds every channel whose configuration is present, logging one line for each that is
 * not. Each channel adds itself here with one block.
 */
export async function buildChannels(deps: ChannelDeps): Promise<ChannelModule[]> {
  const modules: ChannelModule[] = [];
  void deps;
  // Lark/Feishu bot at /webhooks/lark (LARK_APP_ID, LARK_APP_SECRET, LARK_ENCRYPT_KEY, LARK_VERIFICATION_TOKEN).
  // The Lark SDK (~0.6 s to load) is imported only when a LARK_* variable is set.
  const c = deps.config;
  if (c.LARK_APP_ID || c.LARK_APP_SECRET || c.LARK_ENCRYPT_KEY || c.LARK_VERIFICATION_TOKEN) {
    const { buildLarkChannel } = await import('../channels/lark/build-lark-channel.js');
    const lark = buildLarkChannel(deps);
    if (lark) modules.push(lark);
  } else {
    deps.logger.info(LARK_OFF);
  }
  // WeCom (企业微信) app callback at /webhooks/wecom, and WeChat via wechaty.
  const wecom = buildWecomChannel(deps);
  if (wecom) modules.push(wecom);
  const wechaty = await buildWechatyChannel(deps);
  if (wechaty) modules.push(wechaty);
  return modules;
}
