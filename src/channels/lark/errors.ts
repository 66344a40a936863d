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

/** What an operator should check for Lark codes that mean "your configuration is wrong". */
const HINTS: Record<number, string> = {
  10003: 'check LARK_APP_ID',
  10014: 'check LARK_APP_SECRET',
  99991672: 'grant the scope named above to the app in the Lark developer console',
  230002: 'add the bot to the group',
  230006: 'enable the bot ability of the app and publish a version',
};

/**
 * A failed Lark Open API call: `larkCode` is Lark's `code` (0 when the failure was
 * HTTP-level); `network` is true when no response came back at all (reset, timeout).
 */
export class LarkApiError extends DaogouError {
  readonly network: boolean;
  constructor(
    readonly api: string,
    readonly status: number,
    readonly larkCode: number,
    message: string,
    options?: { cause?: unknown; network?: boolean },
  ) {
    const hint = HINTS[larkCode] ? ` (${HINTS[larkCode]})` : '';
    super(
      'LARK_API_FAILED',
      `Lark API ${api} failed (HTTP ${status || 'n/a'}, code ${larkCode}): ${message}${hint}`,
      options,
    );
    this.name = 'LarkApiError';
    this.network = options?.network ?? false;
  }
}
