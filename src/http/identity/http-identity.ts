import type { Context } from 'hono';
import type { Roles, UserInfo } from '../../ports/roles.js';

declare module 'hono' {
  interface ContextVariableMap {
    /** The verified caller of this request, set by the `/api/chat` guard. */
    identity?: HttpIdentity;
  }
}

/** Prefix of every unverified HTTP user id; ROLES_FILE entries never match it. */
export const GUEST_PREFIX = 'guest:';

/** The store of people not listed in ROLES_FILE (`default_store`, or the first store). */
const fallbackStore = (roles: Roles) => roles.resolve('http', GUEST_PREFIX).storeId;

/** A caller of the HTTP API whose identity was verified (never taken from the request body). */
export interface HttpIdentity {
  /** The user id the assistant sees (channel `http`). */
  userId: string;
  user: UserInfo;
  /** How it was verified. */
  via: 'session' | 'user_token' | 'admin_token';
}

/**
 * Turns one request into a verified identity, or undefined when it carries none it knows.
 * The console feeds its session cookie through one of these; tokens are checked by
 * `createTokenIdentityResolver`.
 */
export type HttpIdentityResolver = (c: Context) => Promise<HttpIdentity | undefined> | HttpIdentity | undefined;

/** The first identity any resolver verifies, or undefined (the caller is a guest). */
export async function resolveHttpIdentity(
  c: Context,
  resolvers: readonly HttpIdentityResolver[],
): Promise<HttpIdentity | undefined> {
  for (const resolve of resolvers) {
    const who = await resolve(c);
    if (who) return who;
  }
  return undefined;
}

/** The bearer token of a request, if any. */
export function bearerToken(c: Context): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
  return m?.[1];
}

const toHex = (buf: ArrayBuffer) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');

async function sha256Hex(s: string): Promise<string> {
  return toHex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(s)));
}

/** Equality of two hex digests in time independent of where they differ. */
function sameDigest(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

export interface TokenIdentityOptions {
  roles: Roles;
  /** ADMIN_TOKEN: acts as a manager of the default store. */
  adminToken?: string;
}

/**
 * Verifies `Authorization: Bearer <token>` against the personal tokens in ROLES_FILE
 * (`console_token_sha256`, compared as SHA-256 digests) and ADMIN_TOKEN. The shared
 * CHAT_TOKEN is not an identity: it only opens the API.
 */
export function createTokenIdentityResolver(opts: TokenIdentityOptions): HttpIdentityResolver {
  return async (c) => {
    const token = bearerToken(c);
    if (!token || token.length > 512) return undefined;
    const digest = await sha256Hex(token);
    if (opts.adminToken && sameDigest(digest, await sha256Hex(opts.adminToken))) {
      const user: UserInfo = { role: 'manager', storeId: fallbackStore(opts.roles), name: '管理员' };
      return { userId: 'admin', user, via: 'admin_token' };
    }
    for (const login of opts.roles.consoleLogins?.() ?? []) {
      if (!sameDigest(digest, login.tokenSha256)) continue;
      const user: UserInfo = { role: 'manager', storeId: login.storeId, ...(login.name ? { name: login.name } : {}) };
      return { userId: login.userId, user, via: 'user_token' };
    }
    return undefined;
  };
}

/**
 * Who an unverified caller is: an associate of the default store, under a `guest:` id so a
 * claimed name can never be someone's platform id (their tickets, their role).
 */
export function guestIdentity(roles: Roles, claimed: string): { userId: string; user: UserInfo } {
  return { userId: `${GUEST_PREFIX}${claimed}`, user: { role: 'associate', storeId: fallbackStore(roles) } };
}
