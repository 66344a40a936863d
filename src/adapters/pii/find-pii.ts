import type { PiiMatch } from '../../ports/pii.js';
import { isBankCard, isMobile, isResidentId } from './validators.js';

// Separators people type inside numbers: space, tab, NBSP, ideographic space, ASCII and full-width dashes.
const SEP = '[ \\t\\u00a0\\u3000\\-\\uff0d]';
const MOBILE = new RegExp(
  `(?<!\\d[\\-\\uff0d]?)(?:(?:\\+|00)?86${SEP}?|\\(\\+?86\\)${SEP}?|\\uff08\\+?86\\uff09${SEP}?)?(1[3-9]\\d(?:${SEP}?\\d{4}${SEP}?\\d{4}|\\d${SEP}?\\d{3}${SEP}?\\d{4}))(?![\\-\\uff0d]?\\d)`,
  'g',
);
const RESIDENT_ID = /(?<![\dA-Za-z])([1-9]\d{5} ?(?:18|19|20)\d{6} ?\d{3}[\dXx])(?![\dA-Za-z])/g;
const CARD = new RegExp(`(?<!\\d${SEP}?)([3-6]\\d{3}(?:${SEP}?\\d){11,15})(?!${SEP}?\\d)`, 'g');
// A number labelled as an order/waybill/SKU right before it is not a card, unless the label says card.
const NOT_CARD_LABEL = /(订单|单号|运单|快递|物流|流水|编号|条码|条形码|货号|SKU|sku|发票)[号码：:\s#]*$/;

/** Full-width digits (０-９) become ASCII so `１３８…` is found; offsets are unchanged (one UTF-16 unit each). */
function normaliseDigits(text: string): string {
  return text.replace(/[\uff10-\uff19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

const digitsOf = (s: string) => s.replace(/[^\dXx]/g, '').toUpperCase();

function maskMiddle(value: string, keepStart: number, keepEnd: number): string {
  return (
    value.slice(0, keepStart) + '*'.repeat(Math.max(0, value.length - keepStart - keepEnd)) + value.slice(-keepEnd)
  );
}

/**
 * Finds mobile numbers (with +86/0086 prefixes, spaces and dashes), 18-digit resident ID numbers
 * (checksum and birth date verified) and bank cards (Luhn) in a text. Digit runs that fail
 * the checks — 11-digit order numbers not starting 13–19, 18-digit serials with a bad check
 * character — are left alone. Overlaps resolve to the earliest, then longest, match.
 */
export function findPii(text: string): PiiMatch[] {
  const norm = normaliseDigits(text);
  const found: PiiMatch[] = [];
  for (const m of norm.matchAll(RESIDENT_ID)) {
    const value = digitsOf(m[1] ?? '');
    if (!isResidentId(value)) continue;
    found.push({ kind: 'id_card', start: m.index, end: m.index + m[0].length, value, masked: maskMiddle(value, 4, 4) });
  }
  for (const m of norm.matchAll(MOBILE)) {
    const value = digitsOf(m[1] ?? '');
    if (!isMobile(value)) continue;
    found.push({ kind: 'mobile', start: m.index, end: m.index + m[0].length, value, masked: maskMiddle(value, 3, 4) });
  }
  for (const m of norm.matchAll(CARD)) {
    const value = digitsOf(m[1] ?? '');
    if (!isBankCard(value)) continue;
    const before = norm.slice(Math.max(0, m.index - 10), m.index);
    if (NOT_CARD_LABEL.test(before) && !/卡/.test(before)) continue;
    found.push({
      kind: 'bank_card',
      start: m.index,
      end: m.index + m[0].length,
      value,
      masked: maskMiddle(value, 4, 4),
    });
  }
  found.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start));
  const out: PiiMatch[] = [];
  let lastEnd = -1;
  for (const f of found) {
    if (f.start < lastEnd) continue;
    out.push(f);
    lastEnd = f.end;
  }
  return out;
}

/** Replaces every match with its masked rendering. */
export function maskPii(text: string): string {
  if (!/[\d\uff10-\uff19]{4}/.test(text) && !/\d[ -]\d/.test(text)) return text;
  const matches = findPii(text);
  if (matches.length === 0) return text;
  let out = '';
  let at = 0;
  for (const m of matches) {
    out += text.slice(at, m.start) + m.masked;
    at = m.end;
  }
  return out + text.slice(at);
}
