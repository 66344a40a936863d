import { DaogouError } from '../../core/errors.js';

/** A refused WeCom callback: `status` is the 4xx answered, `code` says why (stable, for logs and tests). */
export class WecomCallbackError extends DaogouError {
  constructor(
    code: string,
    readonly status: 400 | 401 | 403 | 413,
    message: string,
  ) {
    super(code, message);
    this.name = 'WecomCallbackError';
  }
}

/** A failed WeCom API call; `errcode` is WeCom's, `retryable` tells the caller whether trying again can help. */
export class WecomApiError extends DaogouError {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
    readonly retryable: boolean,
    context: string,
  ) {
    super(`WECOM_API_${errcode}`, `WeCom ${context} failed: errcode ${errcode} (${errmsg})`);
    this.name = 'WecomApiError';
  }
}
