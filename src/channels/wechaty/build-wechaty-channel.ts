import { join } from 'node:path';
import type { Config } from '../../config.js';
import type { Assistant } from '../../core/assistant.js';
import type { Logger } from '../../ports/logger.js';
import type { WechatyChannel } from './create-wechaty-channel.js';
import { ensurePuppetInstalled } from './load-puppet.js';

/**
 * The WeChat (wechaty) channel when WECHATY_PUPPET is set. Logs one line and returns
 * undefined when it is unset, or when the named puppet package cannot be loaded (the rest of
 * the app still starts).
 */
export async function buildWechatyChannel(deps: {
  config: Config;
  assistant: Assistant;
  logger: Logger;
}): Promise<WechatyChannel | undefined> {
  const puppet = deps.config.WECHATY_PUPPET;
  if (!puppet) {
    deps.logger.info('WeChat (wechaty) channel off: set WECHATY_PUPPET (e.g. wechaty-puppet-wechat4u) to enable it');
    return undefined;
  }
  try {
    await ensurePuppetInstalled(puppet);
  } catch (err) {
    deps.logger.error(
      { code: (err as { code?: string }).code },
      `WeChat channel not started: ${(err as Error).message}`,
    );
    return undefined;
  }
  return (await import('./create-wechaty-channel.js')).createWechatyChannel({
    assistant: deps.assistant,
    logger: deps.logger,
    puppet,
    sessionFile: join(deps.config.DATA_DIR, 'wechaty'),
  });
}
