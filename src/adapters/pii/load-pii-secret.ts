import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DaogouError } from '../../core/errors.js';
import type { Logger } from '../../ports/logger.js';

/** The file under DATA_DIR that holds the generated HMAC key for customer contacts. */
export const PII_SECRET_FILE = 'pii-secret';

/** Raised when the secret file exists but is unusable; the message says what to do. */
export class PiiSecretError extends DaogouError {
  constructor(message: string, cause?: unknown) {
    super('PII_SECRET_UNUSABLE', message, { cause });
    this.name = 'PiiSecretError';
  }
}

export interface PiiSecret {
  secret: string;
  /** `env`: PII_SALT; `file`: read from DATA_DIR; `generated`: created by this start. */
  source: 'env' | 'file' | 'generated';
  path?: string;
}

/**
 * The key for the keyed hash (HMAC-SHA-256) that links a customer's reports: PII_SALT when
 * set, else a random 256-bit secret generated at first start and kept in
 * `DATA_DIR/pii-secret` with mode 0600 (tightened to 0600 if found looser). Several
 * instances sharing a database must share this file or set the same PII_SALT.
 */
export function loadPiiSecret(dataDir: string, configured: string | undefined, logger?: Logger): PiiSecret {
  if (configured) return { secret: configured, source: 'env' };
  const path = join(dataDir, PII_SECRET_FILE);
  mkdirSync(dataDir, { recursive: true });
  let source: PiiSecret['source'] = 'file';
  try {
    // 'wx' fails when the file exists, so two processes starting at once keep one secret.
    writeFileSync(path, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    source = 'generated';
    logger?.info(
      { path },
      'generated the PII hashing secret (PII_SALT is not set); back this file up with the database',
    );
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new PiiSecretError(
        `cannot create ${path} (${(err as Error).message}); make DATA_DIR writable or set PII_SALT`,
        err,
      );
    }
  }
  let secret: string;
  try {
    if ((statSync(path).mode & 0o077) !== 0) {
      chmodSync(path, 0o600);
      logger?.warn({ path }, 'the PII hashing secret was readable by others; its mode is now 0600');
    }
    secret = readFileSync(path, 'utf8').trim();
  } catch (err) {
    throw new PiiSecretError(
      `cannot read ${path} (${(err as Error).message}); fix its permissions or set PII_SALT`,
      err,
    );
  }
  if (!/^[0-9a-f]{64}$/.test(secret)) {
    throw new PiiSecretError(`${path} does not hold a 64-hex-digit secret; restore it from a backup or set PII_SALT`);
  }
  return { secret, source, path };
}
