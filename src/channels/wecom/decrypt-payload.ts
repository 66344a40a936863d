import { decrypt } from '@wecom/crypto';
import { WecomCallbackError } from './wecom-errors.js';

/**
 * Decrypts a WeCom ciphertext (AES-256-CBC, key from the 43-char EncodingAESKey) and checks
 * that the trailing receive id is our corp id — @wecom/crypto does not. Throws
 * WECOM_DECRYPT_FAILED (400) or WECOM_WRONG_RECEIVER (403).
 */
export function decryptPayload(aesKey: string, corpId: string, encrypted: string): string {
  let out: { message: string; id: string };
  try {
    out = decrypt(aesKey, encrypted);
  } catch (err) {
    throw new WecomCallbackError(
      'WECOM_DECRYPT_FAILED',
      400,
      `ciphertext could not be decrypted (${(err as Error).message}); check WECOM_AES_KEY`,
    );
  }
  if (out.id !== corpId) {
    throw new WecomCallbackError('WECOM_WRONG_RECEIVER', 403, 'decrypted receive id is not WECOM_CORP_ID');
  }
  return out.message;
}
