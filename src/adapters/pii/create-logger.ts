import pino from 'pino';
import type { Logger } from '../../ports/logger.js';
import type { PiiMasker } from '../../ports/pii.js';
import { maskDeep } from './create-pii-masker.js';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/**
 * A pino logger behind the Logger port whose every line is PII-masked: the message, every
 * string (and phone-like number) in the logged object, child bindings and error messages and
 * stacks. `destination` is a file descriptor (default 1, stdout; 2 keeps stdout clean for the
 * CLI) or a stream (tests read the lines from one).
 */
export function createLogger(
  level: LogLevel | string,
  masker: PiiMasker,
  destination: number | pino.DestinationStream = 1,
): Logger {
  const dest = typeof destination === 'number' ? pino.destination({ fd: destination, sync: false }) : destination;
  const base = pino({ level, base: { app: 'daogou' }, serializers: { err: (e: unknown) => e } }, dest);
  return wrap(base, (s) => masker.mask(s));
}

function wrap(p: pino.Logger, mask: (s: string) => string): Logger {
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (obj: object | string, msg?: string): void => {
      if (!p.isLevelEnabled(level)) return;
      if (typeof obj === 'string') p[level](mask(obj));
      else if (msg === undefined) p[level](maskDeep(obj, mask) as object);
      else p[level](maskDeep(obj, mask) as object, mask(msg));
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (bindings) => wrap(p.child(maskDeep(bindings, mask) as Record<string, unknown>), mask),
  };
}
