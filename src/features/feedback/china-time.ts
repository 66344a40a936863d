/** China Standard Time (UTC+8, no DST): how stores read deadlines and dates. */
const OFFSET = 8 * 3600_000;
const DAY = 86400_000;

const pad = (n: number) => String(n).padStart(2, '0');

/** `11月23日 14:00` in China time. */
export function formatChinaTime(ms: number): string {
  const d = new Date(ms + OFFSET);
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** `2026-11-23` in China time. */
export function formatChinaDate(ms: number): string {
  const d = new Date(ms + OFFSET);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** Epoch ms of 00:00 China time on the day containing `ms`. */
export function chinaDayStart(ms: number): number {
  return Math.floor((ms + OFFSET) / DAY) * DAY - OFFSET;
}

/** The last millisecond of the China day containing `ms`. */
export function chinaDayEnd(ms: number): number {
  return chinaDayStart(ms) + DAY - 1;
}

/** 0 = Sunday … 6 = Saturday, in China time. */
export function chinaWeekday(ms: number): number {
  return new Date(ms + OFFSET).getUTCDay();
}

/** Epoch ms of 00:00 China time on a calendar date. */
export function chinaDate(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) - OFFSET;
}

/** Monday 00:00 China time of the week containing `ms`. */
export function chinaWeekStart(ms: number): number {
  const start = chinaDayStart(ms);
  return start - ((chinaWeekday(ms) + 6) % 7) * DAY;
}

/**
 * Parses a date a manager types in a report filter: `2026-11-01`, `2026/11/01`, ISO-8601,
 * or epoch milliseconds. Calendar dates are China days. Undefined when unparseable.
 */
export function parseDateParam(v: string | undefined): number | undefined {
  if (!v) return undefined;
  const s = v.trim();
  if (/^\d{12,14}$/.test(s)) return Number(s);
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(s);
  if (m) return chinaDate(Number(m[1]), Number(m[2]), Number(m[3]));
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
}

export const HOUR = 3600_000;
export { DAY };
