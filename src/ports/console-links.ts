import type { ChannelName } from '../core/message.js';

/** Who a console login link is for: a manager known from ROLES_FILE. */
export interface ConsoleLinkUser {
  channel: ChannelName;
  userId: string;
  name?: string;
  storeId: string;
}

/** Issues one-time console login links (the bot's `/console` command). */
export interface ConsoleLinks {
  /** A link that logs the manager in once, within `ttlMs`. */
  issue(user: ConsoleLinkUser): Promise<{ url: string; expiresAt: number }>;
}
