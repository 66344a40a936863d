import { createDecipheriv, createHash } from 'node:crypto';
import { LarkRequestError } from './errors.js';

/**
 * Decrypts Lark's `encrypt` field: AES-256-CBC, key = sha256(encryptKey), IV = the first
 * 16 bytes of the base64-decoded data, PKCS#7 padding. Returns the plaintext (UTF-8).
 * Throws LarkRequestError (400) when the data is not valid ciphertext for this key.
 */
export function decryptLarkPayload(encrypt: string, encryptKey: string): string {
  const data = Buffer.from(encrypt, 'base64');
  if (data.length < 32 || data.length % 16 !== 0) {
    throw new LarkRequestError('LARK_DECRYPT_FAILED', 400, 'encrypt is not AES-CBC ciphertext (bad length)');
  }
  const key = createHash('sha256').update(encryptKey, 'utf8').digest();
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, data.subarray(0, 16));
    return Buffer.concat([decipher.update(data.subarray(16)), decipher.final()]).toString('utf8');
  } catch {
    throw new LarkRequestError('LARK_DECRYPT_FAILED', 400, 'encrypt could not be decrypted with LARK_ENCRYPT_KEY');
  }
}
