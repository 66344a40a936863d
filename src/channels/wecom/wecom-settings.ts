import type { Config } from '../../config.js';
import { DaogouError } from '../../core/errors.js';

/** Everything the WeCom channel needs from the environment. */
export interface WecomSettings {
  corpId: string;
  agentId: string;
  secret: string;
  token: string;
  aesKey: string;
  apiBase: string;
}

const VARS = ['WECOM_CORP_ID', 'WECOM_AGENT_ID', 'WECOM_SECRET', 'WECOM_TOKEN', 'WECOM_AES_KEY'] as const;

/**
 * Reads the WeCom settings: undefined when none of the WECOM_* variables is set (channel
 * off); throws WECOM_CONFIG_INCOMPLETE naming what is missing when only some are, and
 * WECOM_CONFIG_INVALID for a malformed AES key or agent id.
 */
export function readWecomSettings(config: Config): WecomSettings | undefined {
  const missing = VARS.filter((v) => !config[v]);
  if (missing.length === VARS.length) return undefined;
  if (missing.length > 0) {
    throw new DaogouError(
      'WECOM_CONFIG_INCOMPLETE',
      `WeCom channel: ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} not set; set all of ${VARS.join(', ')} or none of them`,
    );
  }
  const aesKey = config.WECOM_AES_KEY!;
  if (!/^[A-Za-z0-9+/]{43}$/.test(aesKey)) {
    throw new DaogouError(
      'WECOM_CONFIG_INVALID',
      'WECOM_AES_KEY must be the 43-character EncodingAESKey from the WeCom admin console',
    );
  }
  if (!/^\d+$/.test(config.WECOM_AGENT_ID!)) {
    throw new DaogouError('WECOM_CONFIG_INVALID', 'WECOM_AGENT_ID must be the numeric AgentId of the WeCom app');
  }
  return {
    corpId: config.WECOM_CORP_ID!,
    agentId: config.WECOM_AGENT_ID!,
    secret: config.WECOM_SECRET!,
    token: config.WECOM_TOKEN!,
    aesKey,
    apiBase: config.WECOM_API_BASE,
  };
}
