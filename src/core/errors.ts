/** Base error with a stable string code; messages tell the operator what to do next. */
export class DaogouError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DaogouError';
  }
}

/** Wraps an unknown thrown value with context, keeping the original as `cause`. */
export function wrapError(code: string, context: string, err: unknown): DaogouError {
  if (err instanceof DaogouError) return err;
  const msg = err instanceof Error ? err.message : String(err);
  return new DaogouError(code, `${context}: ${msg}`, { cause: err });
}
