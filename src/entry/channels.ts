import type { ChannelModule } from '../channels/types.js';
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
  return modules;
}
