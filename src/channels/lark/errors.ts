import { DaogouError } from '../../core/errors.js';

/**
 * A webhook request Lark did not (provably) send, or sent malformed. `status` is the 4xx
 * the route answers with; nothing else happens for a refused request.
 */
export class LarkRequestError extends DaogouError {
  constructor(
    code: LarkRequestErrorCode,
    readonly status: 400 | 401 | 403 | 413,
    message: string,
  ) {
    super(code, message);
    this.name = 'LarkRequestError';
  }
}

export type LarkRequestErrorCode =
  | 'LARK_BAD_JSON'
  | 'LARK_BAD_SHAPE'
  | 'LARK_MISSING_SIGNATURE'
  | 'LARK_BAD_SIGNATURE'
  | 'LARK_STALE_TIMESTAMP'
  | 'LARK_DECRYPT_FAILED'
  | 'LARK_NOT_ENCRYPTED'
  | 'LARK_NO_ENCRYPT_KEY'
  | 'LARK_BAD_TOKEN'
  | 'LARK_BODY_TOO_LARGE';

/** A failed Lark Open API call: `larkCode` is Lark's `code` (0 when the failure was HTTP-level). */
export class LarkApiError extends DaogouError {
  constructor(
    readonly api: string,
    readonly status: number,
    readonly larkCode: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super('LARK_API_FAILED', `Lark API ${api} failed (HTTP ${status || 'n/a'}, code ${larkCode}): ${message}`, options);
    this.name = 'LarkApiError';
  }
}
