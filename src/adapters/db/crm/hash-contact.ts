import { createHmac } from 'node:crypto';

/** The development salt used when PII_SALT is unset; linking still works, but set a real secret in production. */
export const DEV_PII_SALT = 'daogou-dev-salt-set-PII_SALT';

/** Salted HMAC-SHA256 of a normalised contact: the only form in which a contact is stored. */
export function hashContact(salt: string, contact: string): string {
  return createHmac('sha256', salt)
    .update(`mobile:${contact.replace(/\D/g, '')}`)
    .digest('hex');
}
