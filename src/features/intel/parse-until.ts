import { parseChineseNumber } from '../../knowledge/normalize.js';
import { chinaDate, chinaDayEnd, chinaWeekday, DAY } from '../feedback/china-time.js';

const WEEKDAY: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7, 末: 7 };

/**
 * When a promotion ends, from how associates say it: 到周日 / 到下周三 / 截止11月30日 /
 * 到11.30 / 到月底 / 到明天 / 3天内. Returns the last millisecond of that China day, or
 * undefined when the text names no end.
 */
export function parseUntil(text: string, now: number): number | undefined {
  const today = chinaWeekday(now) || 7;
  const week = /(下)?(?:周|星期|礼拜)([一二三四五六日天末])/.exec(text);
  if (week && /(到|至|截止|截至|持续|只到|为止|结束|周末)/.test(text)) {
    const target = WEEKDAY[week[2] as string] ?? 7;
    let days = target - today;
    if (week[1]) days += 7;
    else if (days < 0) days += 7;
    return chinaDayEnd(now + days * DAY);
  }
  const md =
    /(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?/.exec(text) ??
    /(?:到|至|截止|截至)\s*(\d{1,2})[./](\d{1,2})(?!\d)/.exec(text);
  if (md) {
    const year = new Date(now + 8 * 3600_000).getUTCFullYear();
    let at = chinaDate(year, Number(md[1]), Number(md[2]));
    if (at < now - 30 * DAY) at = chinaDate(year + 1, Number(md[1]), Number(md[2]));
    return chinaDayEnd(at);
  }
  if (/月底/.test(text)) {
    const d = new Date(now + 8 * 3600_000);
    return chinaDate(d.getUTCFullYear(), d.getUTCMonth() + 2, 1) - 1;
  }
  if (/本周|这周|这礼拜|周末/.test(text)) return chinaDayEnd(now + (7 - today) * DAY);
  if (/后天/.test(text)) return chinaDayEnd(now + 2 * DAY);
  if (/明天|明日/.test(text)) return chinaDayEnd(now + DAY);
  if (/今天|今日|今晚|仅限当天/.test(text)) return chinaDayEnd(now);
  const n = /(\d+|[一两二三四五六七八九十])\s*天(?:内|之内|有效)?/.exec(text);
  if (n) {
    const count = parseChineseNumber(n[1] ?? '') ?? 0;
    if (count > 0 && count <= 366) return chinaDayEnd(now + (count - 1) * DAY);
  }
  return undefined;
}
