import pRetry from 'p-retry';
import type { Logger } from '../../ports/logger.js';
import { LarkApiError } from './errors.js';

/** Lark `code`s that mean "slow down": message frequency limit and the gateway rate limit. */
export const RATE_LIMIT_CODES = new Set([230020, 99991400]);
/** Tenant token missing / invalid / expired: fetch a new one and try again. */
export const TOKEN_CODES = new Set([99991661, 99991663, 99991664, 99991665]);

export interface RetryPolicy {
  retries: number;
  minTimeoutMs: number;
  maxTimeoutMs: number;
  /** One try gives up after this long (the SDK's HTTP client has no timeout of its own). */
  attemptTimeoutMs?: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  retries: 5,
  minTimeoutMs: 300,
  maxTimeoutMs: 5_000,
  attemptTimeoutMs: 10_000,
};

interface HttpErrorLike {
  isAxiosError?: boolean;
  code?: string;
  message?: string;
  response?: { status?: number; data?: unknown };
}

/** Normalises whatever the SDK threw (AxiosError, token error) into a LarkApiError. */
export function toLarkApiError(api: string, err: unknown): LarkApiError {
  if (err instanceof LarkApiError) return err;
  const e = (err ?? {}) as HttpErrorLike;
  const data = e.response?.data as { code?: unknown; msg?: unknown } | undefined;
  const code = typeof data?.code === 'number' ? data.code : 0;
  const msg = typeof data?.msg === 'string' ? data.msg : (e.message ?? String(err));
  const status = e.response?.status ?? 0;
  return new LarkApiError(api, status, code, msg, { cause: err, network: Boolean(e.isAxiosError && !e.response) });
}

/** Worth another try: 5xx, HTTP 429, rate-limit codes, token codes, or no response at all. */
export function isRetryable(err: LarkApiError): boolean {
  return (
    err.status >= 500 ||
    err.status === 429 ||
    RATE_LIMIT_CODES.has(err.larkCode) ||
    TOKEN_CODES.has(err.larkCode) ||
    err.network
  );
}

/**
 * Gives up on one HTTP request after `ms` (the SDK's HTTP client has no timeout). The
 * request itself cannot be cancelled; retrying is safe (send uuid, fresh CardKit sequence).
 * Applied inside the rate limiter so a hung request does not hold a chat's slot.
 */
export async function withTimeout<T>(api: string, ms: number, work: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new LarkApiError(api, 0, 0, `no answer within ${ms} ms`, { network: true })), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export interface CallContext {
  logger: Logger;
  retry: RetryPolicy;
  clearToken(): void;
}

/**
 * Runs one Lark API call with retries and exponential backoff (with jitter). A body with
 * `code !== 0` counts as a failure even on HTTP 200. `attempt` is re-invoked per try, so
 * it must be safe to repeat (callers pass a send `uuid` or a fresh CardKit sequence).
 */
export async function callLark<T extends { code?: number; msg?: string }>(
  ctx: CallContext,
  api: string,
  attempt: () => Promise<T>,
  retries = ctx.retry.retries,
): Promise<T> {
  return pRetry(
    async () => {
      let res: T;
      try {
        res = await attempt();
      } catch (err) {
        throw toLarkApiError(api, err);
      }
      if (typeof res?.code === 'number' && res.code !== 0) throw new LarkApiError(api, 200, res.code, res.msg ?? '');
      return res;
    },
    {
      retries,
      minTimeout: ctx.retry.minTimeoutMs,
      maxTimeout: ctx.retry.maxTimeoutMs,
      factor: 2,
      randomize: true,
      shouldRetry: ({ error }) => error instanceof LarkApiError && isRetryable(error),
      onFailedAttempt: ({ error, attemptNumber, retriesLeft }) => {
        if (error instanceof LarkApiError && TOKEN_CODES.has(error.larkCode)) ctx.clearToken();
        const fields = { api, attempt: attemptNumber, retriesLeft, err: error.message };
        if (retriesLeft > 0 && error instanceof LarkApiError && isRetryable(error))
          ctx.logger.debug(fields, 'lark call failed, retrying');
      },
    },
  );
}
