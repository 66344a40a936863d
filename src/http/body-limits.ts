import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

/** Upper bound for any request body not listed below (admin JSON, console forms). */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/** `/api/chat`: a question is ≤ 2,000 characters; 64 KB is plenty. */
export const CHAT_MAX_BODY_BYTES = 64 * 1024;

/** A body limit for every path under `prefix` (longest prefix wins). */
export interface BodyLimitRule {
  prefix: string;
  maxBytes: number;
}

/**
 * Webhook routes refuse bodies past their own, smaller limits with their platform's reply
 * (Lark 512 KB, WeCom 64 KB); this ceiling is the safety net for any channel route.
 */
export const WEBHOOK_CEILING_BYTES = 4 * 1024 * 1024;

export const DEFAULT_BODY_LIMITS: readonly BodyLimitRule[] = [
  { prefix: '/api/chat', maxBytes: CHAT_MAX_BODY_BYTES },
  { prefix: '/webhooks', maxBytes: WEBHOOK_CEILING_BYTES },
];

/**
 * One middleware for every route: Hono's `bodyLimit`, with the limit of the longest
 * matching prefix (else `defaultBytes`). A declared Content-Length over the limit is refused
 * before reading; a chunked body is counted while it streams in and refused at the first
 * byte past the limit, so nothing larger is ever buffered. Refusals are 413 with a stable code.
 */
export function limitBodies(
  rules: readonly BodyLimitRule[] = DEFAULT_BODY_LIMITS,
  defaultBytes = DEFAULT_MAX_BODY_BYTES,
): MiddlewareHandler {
  const sorted = [...rules].sort((a, b) => b.prefix.length - a.prefix.length);
  const limiters = new Map<number, MiddlewareHandler>();
  const limiterFor = (maxBytes: number) => {
    let m = limiters.get(maxBytes);
    if (!m) {
      m = bodyLimit({
        maxSize: maxBytes,
        onError: (c) => {
          // The rest of the body is never read: the connection cannot be reused.
          c.header('connection', 'close');
          return c.json(
            { error: 'payload_too_large', message: `请求体太大（上限 ${Math.round(maxBytes / 1024)} KB）` },
            413,
          );
        },
      });
      limiters.set(maxBytes, m);
    }
    return m;
  };
  return (c, next) => {
    const path = c.req.path;
    const rule = sorted.find(
      (r) => path === r.prefix || path.startsWith(r.prefix.endsWith('/') ? r.prefix : `${r.prefix}/`),
    );
    return limiterFor(rule?.maxBytes ?? defaultBytes)(c, next);
  };
}
