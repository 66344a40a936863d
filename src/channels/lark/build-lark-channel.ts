import type { Config } from '../../config.js';
import { ConfigError } from '../../config.js';
import type { Assistant } from '../../core/assistant.js';
import type { Logger } from '../../ports/logger.js';
import { createLarkChannel, type LarkChannel, type LarkChannelOptions } from './create-lark-channel.js';
import { LARK_OFF } from './lark-off.js';

/**
 * The Lark channel from the environment, or undefined (with one log line) when no LARK_*
 * credential is set. Half a configuration throws, naming the missing variable.
 */
export function buildLarkChannel(
  deps: {
    config: Config;
    assistant: Assistant;
    logger: Logger;
  },
  /** Runtime-specific options (the Worker's send limiter). */
  overrides: Partial<LarkChannelOptions> = {},
  /**
   * Workers only: `wrangler dev --var LARK_APP_ID:… --var LARK_DOMAIN:…` without a secret
   * still serves the webhook (verification, dedupe, answers); sending then uses a placeholder
   * secret, which a real Lark refuses (code 10014), and one warning says so.
   */
  opts: { allowMissingSecret?: boolean } = {},
): LarkChannel | undefined {
  const { config, logger } = deps;
  const { LARK_APP_ID: appId, LARK_APP_SECRET: appSecret } = config;
  if (!appId && !appSecret && !config.LARK_ENCRYPT_KEY && !config.LARK_VERIFICATION_TOKEN) {
    logger.info(LARK_OFF);
    return undefined;
  }
  if (appId && !appSecret && opts.allowMissingSecret) {
    logger.warn('LARK_APP_SECRET is not set: the Lark webhook is served, but replies cannot be sent to a real Lark');
  } else if (!appId || !appSecret) {
    const missing = appId ? 'LARK_APP_SECRET' : 'LARK_APP_ID';
    throw new ConfigError(
      `Invalid environment variable ${missing} (unset): required for the Lark channel when other LARK_* variables are set`,
    );
  }
  logger.info(
    { appId, domain: config.LARK_DOMAIN, encrypted: Boolean(config.LARK_ENCRYPT_KEY), role: config.INSTANCE_ROLE },
    'Lark channel on at /webhooks/lark',
  );
  return createLarkChannel({
    appId,
    appSecret: appSecret ?? 'LARK_APP_SECRET-unset',
    domain: config.LARK_DOMAIN,
    ...(config.LARK_ENCRYPT_KEY ? { encryptKey: config.LARK_ENCRYPT_KEY } : {}),
    ...(config.LARK_VERIFICATION_TOKEN ? { verificationToken: config.LARK_VERIFICATION_TOKEN } : {}),
    assistant: deps.assistant,
    logger,
    role: config.INSTANCE_ROLE,
    ...overrides,
  });
}
