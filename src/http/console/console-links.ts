import type { ConsoleLinks, ConsoleLinkUser } from '../../ports/console-links.js';
import type { StorageAdapter } from '../../ports/storage.js';
import { randomToken, sha256Hex } from './console-session.js';

export interface ConsoleLinkRecord {
  user: ConsoleLinkUser;
  expiresAt: number;
}

/** One-time login links are valid this long. */
export const LINK_TTL_MS = 10 * 60_000;

/**
 * One-time console login links: a random token in the URL, only its hash stored, deleted on
 * first use, expired after ten minutes.
 */
export function createConsoleLinks(opts: {
  store: StorageAdapter<ConsoleLinkRecord>;
  now: () => number;
  /** The console's public origin, e.g. https://daogou.example.com */
  baseUrl: string;
  ttlMs?: number;
}): ConsoleLinks & { consume(token: string): Promise<ConsoleLinkUser | undefined> } {
  const ttl = opts.ttlMs ?? LINK_TTL_MS;
  return {
    async issue(user) {
      const token = randomToken();
      const expiresAt = opts.now() + ttl;
      await opts.store.write(await sha256Hex(token), { user, expiresAt });
      return { url: `${opts.baseUrl.replace(/\/+$/, '')}/console/login/link?t=${token}`, expiresAt };
    },
    async consume(token) {
      if (!token || token.length > 100) return undefined;
      const key = await sha256Hex(token);
      const record = await opts.store.read(key);
      if (!record) return undefined;
      await opts.store.delete(key);
      return record.expiresAt > opts.now() ? record.user : undefined;
    },
  };
}
