/** The one line logged when no LARK_* variable is set (kept apart so the SDK loads only when needed). */
export const LARK_OFF =
  'Lark channel off: set LARK_APP_ID and LARK_APP_SECRET (and LARK_ENCRYPT_KEY, LARK_VERIFICATION_TOKEN) to enable it';
