import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { StorageAdapter } from '../../ports/storage.js';

/** Who is logged in: the admin (every store) or a manager from ROLES_FILE (their store only). */
export interface ConsoleActor {
  kind: 'admin' | 'manager';
  id: string;
  name: string;
  /** The manager's store; undefined for the admin. */
  storeId?: string;
}

export interface ConsoleSessionRecord {
  actor: ConsoleActor;
  /** Per-session CSRF token every state-changing form carries. */
  csrf: string;
  expiresAt: number;
  /** A one-shot message for the next page (after a form's redirect). */
  flash?: { kind: 'ok' | 'err'; text: string };
}

export const SESSION_COOKIE = 'dg_console';
/** A console session lasts a working day, then the manager logs in again. */
export const SESSION_TTL_MS = 8 * 3600_000;

const toHex = (buf: ArrayBuffer) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');

/** SHA-256 hex of a string (Web Crypto, so the same code runs on Node and Workers). */
export async function sha256Hex(s: string): Promise<string> {
  return toHex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(s)));
}

/** A 256-bit random token, base64url. */
export function randomToken(): string {
  const b = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...b))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

const isHttps = (c: Context) =>
  c.req.url.startsWith('https:') || (c.req.header('x-forwarded-proto') ?? '').split(',')[0]?.trim() === 'https';

/**
 * Console sessions: a random id in an HttpOnly, SameSite=Strict cookie scoped to /console;
 * the store keeps only the id's hash, so a database reader cannot take over a session.
 */
export function createConsoleSessions(
  store: StorageAdapter<ConsoleSessionRecord>,
  now: () => number,
  ttlMs = SESSION_TTL_MS,
) {
  return {
    async start(c: Context, actor: ConsoleActor): Promise<ConsoleSessionRecord> {
      const sid = randomToken();
      const record: ConsoleSessionRecord = { actor, csrf: randomToken(), expiresAt: now() + ttlMs };
      await store.write(await sha256Hex(sid), record);
      setCookie(c, SESSION_COOKIE, sid, {
        path: '/console',
        httpOnly: true,
        sameSite: 'Strict',
        secure: isHttps(c),
        maxAge: Math.floor(ttlMs / 1000),
      });
      return record;
    },
    async read(c: Context): Promise<ConsoleSessionRecord | undefined> {
      const sid = getCookie(c, SESSION_COOKIE);
      if (!sid || sid.length > 100) return undefined;
      const key = await sha256Hex(sid);
      const record = await store.read(key);
      if (!record) return undefined;
      if (record.expiresAt <= now()) {
        await store.delete(key);
        return undefined;
      }
      return record;
    },
    /** Saves a changed record (a flash message) under the request's session. */
    async save(c: Context, record: ConsoleSessionRecord): Promise<void> {
      const sid = getCookie(c, SESSION_COOKIE);
      if (sid && sid.length <= 100) await store.write(await sha256Hex(sid), record);
    },
    async end(c: Context): Promise<void> {
      const sid = getCookie(c, SESSION_COOKIE);
      if (sid && sid.length <= 100) await store.delete(await sha256Hex(sid));
      deleteCookie(c, SESSION_COOKIE, { path: '/console', httpOnly: true, sameSite: 'Strict', secure: isHttps(c) });
    },
  };
}

export type ConsoleSessions = ReturnType<typeof createConsoleSessions>;
