/**
 * Collapses a flood of identical log lines (a puppet retrying a dead network emits the same
 * error several times a second): the first occurrence is logged, repeats within `windowMs`
 * are counted, and the count is reported when the same line is logged again after the window.
 */
export function createLogThrottle(
  log: (message: string, repeated: number) => void,
  now: () => number,
  windowMs = 60_000,
): (message: string) => void {
  let last: { message: string; at: number; suppressed: number } | undefined;
  return (message) => {
    const t = now();
    if (last && last.message === message && t - last.at < windowMs) {
      last.suppressed++;
      return;
    }
    const repeated = last && last.message === message ? last.suppressed : 0;
    last = { message, at: t, suppressed: 0 };
    log(message, repeated);
  };
}
