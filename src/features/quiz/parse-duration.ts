const ISO = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;
const SHORT = /^(\d+(?:\.\d+)?)\s*(d|h|m|min|s|天|小时|分钟|秒)$/i;
const UNIT_MS: Record<string, number> = {
  d: 86_400_000,
  天: 86_400_000,
  h: 3_600_000,
  小时: 3_600_000,
  m: 60_000,
  min: 60_000,
  分钟: 60_000,
  s: 1000,
  秒: 1000,
};

/** Parses `PT48H`, `P2D`, `48h`, `90s`, `30min`, `2天`, `48小时` into milliseconds; undefined when invalid. */
export function parseDuration(text: string): number | undefined {
  const t = text.trim();
  const iso = ISO.exec(t);
  if (iso && t.length > 1 && !/T$/i.test(t)) {
    const [, d, h, m, s] = iso.map((x) => Number(x ?? 0));
    const ms = ((d ?? 0) * 86_400 + (h ?? 0) * 3600 + (m ?? 0) * 60 + (s ?? 0)) * 1000;
    return ms > 0 ? ms : undefined;
  }
  const short = SHORT.exec(t);
  if (!short?.[1] || !short[2]) return undefined;
  const ms = Number(short[1]) * (UNIT_MS[short[2].toLowerCase()] ?? 0);
  return ms > 0 ? Math.round(ms) : undefined;
}

/** A duration for people: 48小时, 20秒, 1天2小时. */
export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 1000)}秒`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)}分钟`;
  const h = Math.round(ms / 3_600_000);
  return h % 24 === 0 && h >= 48 ? `${h / 24}天` : `${h}小时`;
}

/**
 * When to remind, as offsets from the start: T−24h and T−4h for quizzes of two days or
 * more; otherwise at 50% and 90% of the duration (a 20-second quiz reminds at 10 s and 18 s).
 */
export function reminderOffsets(durationMs: number): number[] {
  if (durationMs >= 48 * 3_600_000) return [durationMs - 24 * 3_600_000, durationMs - 4 * 3_600_000];
  return [Math.round(durationMs * 0.5), Math.round(durationMs * 0.9)];
}
