import type { Config } from '../../config.js';
import type { Assistant } from '../../core/assistant.js';
import type { Logger } from '../../ports/logger.js';
import { createWecomChannel, type WecomChannel, type WecomChannelOptions } from './create-wecom-channel.js';
import { readWecomSettings } from './wecom-settings.js';

/**
 * The WeCom channel from the environment, or undefined (with one log line) when no WECOM_*
 * variable is set. A partial or malformed configuration throws, naming what to fix.
 */
export function buildWecomChannel(
  deps: {
    config: Config;
    assistant: Assistant;
    logger: Logger;
  },
  /** Runtime-specific options (the Worker's rate limit). */
  overrides: Partial<WecomChannelOptions> = {},
): WecomChannel | undefined {
  const settings = readWecomSettings(deps.config);
  if (!settings) {
    deps.logger.info(
      'WeCom channel off: set WECOM_CORP_ID, WECOM_AGENT_ID, WECOM_SECRET, WECOM_TOKEN and WECOM_AES_KEY to enable it',
    );
    return undefined;
  }
  deps.logger.info({ corpId: settings.corpId, agentId: settings.agentId }, 'WeCom channel on at /webhooks/wecom');
  return createWecomChannel({ settings, assistant: deps.assistant, logger: deps.logger, ...overrides });
}
