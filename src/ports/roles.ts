import type { ChannelName } from '../core/message.js';

export type Role = 'manager' | 'associate';

export interface UserInfo {
  role: Role;
  storeId: string;
  name?: string;
}

/** Who is who: roles and stores by platform user id (ROLES_FILE), with a permissive default. */
export interface Roles {
  resolve(channel: ChannelName, userId: string): UserInfo;
  /** Where a store's manager notifications go (a chat), if configured. */
  managerTargets(storeId: string): { channel: ChannelName; chatId: string }[];
  /** Associates of a store on a channel (a roster for quizzes), if configured. */
  roster(storeId: string, channel: ChannelName): string[];
  /** Every configured store (digests are scheduled per store); absent means just DEFAULT_STORE. */
  stores?(): { id: string; name?: string }[];
  /** Managers who may log in to the console with a personal token (by its SHA-256 hex). */
  consoleLogins?(): ConsoleLogin[];
}

/** A manager's console login: their personal token's hash, who they are and their store. */
export interface ConsoleLogin {
  tokenSha256: string;
  channel?: ChannelName;
  userId: string;
  name?: string;
  storeId: string;
}

export const DEFAULT_STORE = 'default';

/** With no roles file: everyone is an associate of one default store. */
export const defaultRoles: Roles = {
  resolve: () => ({ role: 'associate', storeId: DEFAULT_STORE }),
  managerTargets: () => [],
  roster: () => [],
};
