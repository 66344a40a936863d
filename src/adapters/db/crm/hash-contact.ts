import { createHmac } from 'node:crypto';

/**
 * Keyed hash (HMAC-SHA-256, key = PII_SALT or the generated DATA_DIR/pii-secret) of a
 * normalised contact: the only form in which a full contact is stored. Without the key, the
 * 10⁴ candidates a masked tail leaves cannot be tested.
 */
export function hashContact(key: string, contact: string): string {
  return createHmac('sha256', key)
    .update(`mobile:${contact.replace(/\D/g, '')}`)
    .digest('hex');
}
