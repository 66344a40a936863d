import OpenAI from 'openai';
import { DaogouError } from '../../core/errors.js';

/**
 * Stable codes of LLM failures. Callers fall back to the structured answer on any of them;
 * the code and message are for the operator's log.
 */
export type LlmErrorCode =
  | 'LLM_TIMEOUT'
  | 'LLM_ABORTED'
  | 'LLM_AUTH'
  | 'LLM_NOT_FOUND'
  | 'LLM_RATE_LIMITED'
  | 'LLM_BAD_REQUEST'
  | 'LLM_HTTP'
  | 'LLM_UNREACHABLE'
  | 'LLM_BAD_RESPONSE'
  | 'LLM_STREAM_TRUNCATED'
  | 'LLM_REFUSED'
  | 'LLM_INVALID_OUTPUT'
  | 'LLM_CIRCUIT_OPEN';

/** A failed LLM call; `status` is the HTTP status when the server answered. */
export class LlmError extends DaogouError {
  constructor(
    override readonly code: LlmErrorCode,
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
    this.name = 'LlmError';
  }
}

/** How the call's deadline ended, so an abort can be told apart from a timeout. */
export interface CallSignals {
  deadline: AbortSignal;
  caller?: AbortSignal;
}

/** Maps anything the SDK (or fetch) throws to an LlmError with an operator hint. */
export function toLlmError(err: unknown, where: string, signals: CallSignals): LlmError {
  if (err instanceof LlmError) return err;
  const detail = err instanceof Error ? err.message : String(err);
  const opts = { cause: err };
  if (signals.caller?.aborted) return new LlmError('LLM_ABORTED', `${where}: aborted by the caller`, undefined, opts);
  if (signals.deadline.aborted || err instanceof OpenAI.APIConnectionTimeoutError) {
    return new LlmError(
      'LLM_TIMEOUT',
      `${where}: no answer in time; raise LLM_TIMEOUT_MS or check the server`,
      undefined,
      opts,
    );
  }
  if (err instanceof OpenAI.AuthenticationError || err instanceof OpenAI.PermissionDeniedError) {
    return new LlmError('LLM_AUTH', `${where}: rejected the key (${detail}); check OPENAI_API_KEY`, err.status, opts);
  }
  if (err instanceof OpenAI.NotFoundError) {
    return new LlmError(
      'LLM_NOT_FOUND',
      `${where}: not found (${detail}); check LLM_MODEL and OPENAI_BASE_URL`,
      404,
      opts,
    );
  }
  if (err instanceof OpenAI.RateLimitError) {
    return new LlmError('LLM_RATE_LIMITED', `${where}: rate limited (${detail})`, 429, opts);
  }
  if (err instanceof OpenAI.BadRequestError || err instanceof OpenAI.UnprocessableEntityError) {
    return new LlmError('LLM_BAD_REQUEST', `${where}: request rejected (${detail})`, err.status, opts);
  }
  if (err instanceof OpenAI.APIConnectionError) {
    return new LlmError(
      'LLM_UNREACHABLE',
      `${where}: cannot reach the server (${detail}); check OPENAI_BASE_URL`,
      undefined,
      opts,
    );
  }
  if (err instanceof OpenAI.APIError && typeof err.status === 'number') {
    return new LlmError('LLM_HTTP', `${where}: HTTP ${err.status} (${detail})`, err.status, opts);
  }
  return new LlmError('LLM_BAD_RESPONSE', `${where}: unusable response (${detail})`, undefined, opts);
}
