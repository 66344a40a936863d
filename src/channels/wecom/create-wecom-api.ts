import pRetry, { AbortError } from 'p-retry';
import type { Clock } from '../../ports/clock.js';
import type { Logger } from '../../ports/logger.js';
import { WecomApiError } from './wecom-errors.js';

/** errcodes that mean "this access_token is no good": 40014 invalid, 42001 expired, 40001 invalid credential. */
const TOKEN_ERRORS = new Set([40014, 42001, 40001]);
/** errcodes worth another try after a pause: -1 system busy, 45009 API rate limit, 45033 concurrency limit. */
const TRANSIENT_ERRORS = new Set([-1, 45009, 45033]);
/** Refresh the token this long before WeCom says it expires. */
const TOKEN_MARGIN_MS = 5 * 60_000;

export interface WecomApiOptions {
  corpId: string;
  secret: string;
  agentId: string;
  /** `https://qyapi.weixin.qq.com` in production (WECOM_API_BASE). */
  apiBase: string;
  clock: Clock;
  logger: Logger;
  fetch?: typeof fetch;
  /** Backoff for transient failures (network, HTTP 5xx, -1, 45009). */
  retry?: { retries: number; minTimeoutMs: number; maxTimeoutMs: number };
  /** Per HTTP request. */
  timeoutMs?: number;
}

/** The slice of the WeCom server API the channel uses. */
export interface WecomApi {
  /** Sends one text message (≤ 2048 bytes) to a member of the corp through our app. */
  sendText(toUser: string, content: string): Promise<void>;
  /** The cached access token, fetched with `gettoken` when missing or about to expire. */
  accessToken(): Promise<string>;
}

interface WecomResponse {
  errcode?: number;
  errmsg?: string;
  access_token?: string;
  expires_in?: number;
  invaliduser?: string;
}

/**
 * A WeCom API client: `gettoken` cached for its lifetime (~2 h) and shared by concurrent
 * callers, refreshed at once when a call answers 40014/42001, and `message/send` with
 * backoff on transient failures.
 */
export function createWecomApi(opts: WecomApiOptions): WecomApi {
  const doFetch = opts.fetch ?? fetch;
  const base = opts.apiBase.replace(/\/+$/, '');
  const retry = opts.retry ?? { retries: 4, minTimeoutMs: 1000, maxTimeoutMs: 15_000 };
  const timeoutMs = opts.timeoutMs ?? 10_000;
  let token: { value: string; expiresAt: number } | undefined;
  let pending: Promise<string> | undefined;

  async function call(path: string, context: string, body?: unknown): Promise<WecomResponse> {
    let res: Response;
    try {
      res = await doFetch(`${base}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      throw new WecomApiError(-2, `network: ${(err as Error).message}`, true, context);
    }
    if (!res.ok) throw new WecomApiError(-3, `HTTP ${res.status}`, res.status >= 500 || res.status === 429, context);
    try {
      return (await res.json()) as WecomResponse;
    } catch {
      throw new WecomApiError(-4, 'response is not JSON', true, context);
    }
  }

  async function fetchToken(): Promise<string> {
    const q = `corpid=${encodeURIComponent(opts.corpId)}&corpsecret=${encodeURIComponent(opts.secret)}`;
    const r = await call(`/cgi-bin/gettoken?${q}`, 'gettoken (check WECOM_CORP_ID and WECOM_SECRET)');
    if (r.errcode || !r.access_token) {
      const code = r.errcode ?? -4;
      throw new WecomApiError(
        code,
        r.errmsg ?? 'no access_token',
        TRANSIENT_ERRORS.has(code),
        'gettoken (check WECOM_CORP_ID and WECOM_SECRET)',
      );
    }
    const lifetimeMs = (r.expires_in ?? 7200) * 1000;
    token = {
      value: r.access_token,
      expiresAt: opts.clock.now() + Math.max(lifetimeMs - TOKEN_MARGIN_MS, lifetimeMs / 2),
    };
    opts.logger.debug({ expiresInS: r.expires_in }, 'wecom access token refreshed');
    return r.access_token;
  }

  async function accessToken(): Promise<string> {
    if (token && opts.clock.now() < token.expiresAt) return token.value;
    pending ??= fetchToken().finally(() => {
      pending = undefined;
    });
    return pending;
  }

  async function sendOnce(toUser: string, content: string): Promise<void> {
    const body = { touser: toUser, msgtype: 'text', agentid: Number(opts.agentId), text: { content }, safe: 0 };
    for (let attempt = 0; ; attempt++) {
      const used = await accessToken();
      const r = await call(`/cgi-bin/message/send?access_token=${encodeURIComponent(used)}`, 'message/send', body);
      const code = r.errcode ?? 0;
      if (code === 0) {
        if (r.invaliduser) opts.logger.warn({ invaliduser: r.invaliduser }, 'wecom message/send: unknown recipient');
        return;
      }
      if (TOKEN_ERRORS.has(code) && attempt === 0) {
        // Drop the token only if nobody replaced it meanwhile, then try once with a fresh one.
        if (token?.value === used) token = undefined;
        continue;
      }
      throw new WecomApiError(code, r.errmsg ?? '', TRANSIENT_ERRORS.has(code), 'message/send');
    }
  }

  return {
    accessToken,
    sendText(toUser, content) {
      return pRetry(
        async () => {
          try {
            await sendOnce(toUser, content);
          } catch (err) {
            if (err instanceof WecomApiError && !err.retryable) throw new AbortError(err);
            throw err;
          }
        },
        {
          retries: retry.retries,
          minTimeout: retry.minTimeoutMs,
          maxTimeout: retry.maxTimeoutMs,
          onFailedAttempt: ({ error, attemptNumber }) =>
            opts.logger.warn({ err: error.message, attempt: attemptNumber }, 'wecom message/send failed; retrying'),
        },
      );
    },
  };
}
