import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { DaogouError } from '../../core/errors.js';
import type { ChannelName } from '../../core/message.js';
import type { ConsoleLogin, Role, Roles, UserInfo } from '../../ports/roles.js';
import { type RolesFile, rolesFileSchema } from './roles-schema.js';

/** Raised for an unreadable or invalid roles file; the message names the file and the key to fix. */
export class RolesFileError extends DaogouError {
  constructor(message: string, cause?: unknown) {
    super('ROLES_FILE_INVALID', message, { cause });
    this.name = 'RolesFileError';
  }
}

/** Channels whose user ids the platform verifies (a signed sender id); bare ids match only these. */
const PLATFORM_CHANNELS = new Set<ChannelName>(['lark', 'wecom', 'wechaty']);

/**
 * Builds Roles from a parsed roles file. Users are looked up by `channel:userId`, then (on
 * Lark, WeCom and WeChat only) by a bare userId; anyone not listed is an associate of `default_store` (or the
 * first store), so feedback keeps working for new staff.
 */
export function createFileRoles(file: RolesFile): Roles {
  const storeIds = Object.keys(file.stores);
  const fallbackStore = file.default_store ?? (storeIds[0] as string);
  const people = new Map<string, UserInfo>();
  const rosters = new Map<string, { channel?: ChannelName; id: string }[]>();
  const logins: ConsoleLogin[] = [];
  for (const [storeId, s] of Object.entries(file.stores)) {
    const add = (role: Role) => (p: { channel?: ChannelName; id: string; name?: string }) => {
      const key = `${p.channel ?? '*'}:${p.id}`;
      if (!people.has(key)) people.set(key, { role, storeId, ...(p.name ? { name: p.name } : {}) });
    };
    s.managers.forEach(add('manager'));
    for (const m of s.managers as {
      channel?: ChannelName;
      id: string;
      name?: string;
      console_token_sha256?: string;
    }[]) {
      if (m.console_token_sha256)
        logins.push({
          tokenSha256: m.console_token_sha256,
          ...(m.channel ? { channel: m.channel } : {}),
          userId: m.id,
          ...(m.name ? { name: m.name } : {}),
          storeId,
        });
    }
    s.associates.forEach(add('associate'));
    rosters.set(storeId, s.associates);
  }
  return {
    resolve(channel, userId) {
      const fallback: UserInfo = { role: 'associate', storeId: fallbackStore };
      // HTTP and console ids are whatever a caller types: only an explicit `http:`/`console:`
      // entry matches them (and the HTTP API passes verified identities only), never a bare id.
      if (!PLATFORM_CHANNELS.has(channel))
        return userId.startsWith('guest:') ? fallback : (people.get(`${channel}:${userId}`) ?? fallback);
      return people.get(`${channel}:${userId}`) ?? people.get(`*:${userId}`) ?? fallback;
    },
    managerTargets(storeId) {
      return file.stores[storeId]?.manager_chats.map((c) => ({ channel: c.channel, chatId: c.chatId })) ?? [];
    },
    roster(storeId, channel) {
      return (rosters.get(storeId) ?? []).filter((p) => !p.channel || p.channel === channel).map((p) => p.id);
    },
    consoleLogins: () => [...logins],
    stores() {
      return storeIds.map((id) => ({ id, ...(file.stores[id]?.name ? { name: file.stores[id]?.name } : {}) }));
    },
  };
}

/** Parses roles YAML text; `source` names the file in errors. */
export function parseRolesYaml(text: string, source = 'ROLES_FILE'): Roles {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (err) {
    throw new RolesFileError(`${source}: not valid YAML (${(err as Error).message.split('\n')[0]})`, err);
  }
  const result = rolesFileSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'top level';
    throw new RolesFileError(
      `${source}: ${where}: ${issue?.message ?? 'invalid'} (see the roles file format in src/adapters/roles/README.md)`,
    );
  }
  return createFileRoles(result.data);
}

/** Reads and validates the ROLES_FILE at start; throws RolesFileError naming the file and the problem. */
export function loadRolesFile(path: string): Roles {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new RolesFileError(
      `ROLES_FILE ${path} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}); fix the path or unset ROLES_FILE`,
      err,
    );
  }
  return parseRolesYaml(text, `ROLES_FILE ${path}`);
}
