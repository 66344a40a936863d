import { maskDeep } from '../../adapters/pii/create-pii-masker.js';
import type { Logger } from '../../ports/logger.js';
import type { PiiMasker } from '../../ports/pii.js';

const LEVELS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: 100 } as const;

/**
 * The Worker's logger: one JSON object per line on the console (Workers Logs and
 * `wrangler tail` index them), every string PII-masked as the Node logger does.
 */
export function createConsoleLogger(level: string, masker: PiiMasker, bindings: Record<string, unknown> = {}): Logger {
  const min = LEVELS[level as keyof typeof LEVELS] ?? LEVELS.info;
  const mask = (s: string) => masker.mask(s);
  const at =
    (name: 'debug' | 'info' | 'warn' | 'error') =>
    (obj: object | string, msg?: string): void => {
      if (LEVELS[name] < min) return;
      const fields = typeof obj === 'string' ? { msg: obj } : { ...(maskDeep(obj, mask) as object), msg };
      const line = JSON.stringify(
        { level: name, app: 'daogou', ...bindings, ...fields, msg: mask(fields.msg ?? '') },
        errors,
      );
      if (name === 'error') console.error(line);
      else if (name === 'warn') console.warn(line);
      else console.log(line);
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (more) => createConsoleLogger(level, masker, { ...bindings, ...(maskDeep(more, mask) as object) }),
  };
}

/** Errors serialise to their message, code and stack instead of `{}`. */
function errors(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    return { message: value.message, code: (value as { code?: unknown }).code, stack: value.stack };
  }
  return value;
}
