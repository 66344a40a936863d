import type { PiiMatch } from '../../ports/pii.js';
import {
  countDigitLike,
  hasChineseDigit,
  normaliseAllDigits,
  normaliseWideDigits,
  SEP,
  TIGHT_SEP,
} from './normalize-digits.js';
import { isBankCard, isMobile, isResidentId } from './validators.js';

// One separator may stand between any two digits. A number glued to more digits (directly or
// by a dash, dot or slash) is part of something longer and is not matched.
const MOBILE = new RegExp(
  `(?<!\\d)(?<!\\d${TIGHT_SEP})(?:(?:\\+|00)?86${SEP}?|\\(\\+?86\\)${SEP}?|\\uff08\\+?86\\uff09${SEP}?)?(1${SEP}?[3-9](?:${SEP}?\\d){9})(?!\\d)(?!${TIGHT_SEP}\\d)`,
  'g',
);
const RESIDENT_ID = new RegExp(
  `(?<![\\dA-Za-z])(?<!\\d${TIGHT_SEP})([1-9](?:${SEP}?\\d){16}${SEP}?[\\dXx])(?![\\dA-Za-z])(?!${TIGHT_SEP}\\d)`,
  'g',
);
const CARD = new RegExp(`(?<!\\d${SEP}?)([3-6](?:${SEP}?\\d){14,18})(?!${SEP}?\\d)`, 'g');
// A number labelled as an order/waybill/SKU right before it is not a card, unless the label says card.
const NOT_CARD_LABEL = /(订单|单号|运单|快递|物流|流水|编号|条码|条形码|货号|SKU|sku|发票)[号码：:\s#]*$/;
/** The shortest number worth scanning for: a mobile has 11 digits. */
const MIN_DIGITS = 11;

const digitsOf = (s: string) => s.replace(/[^\dXx]/g, '').toUpperCase();

/** The stored and shown form: every digit but the last four hidden. */
export function keepLastFour(value: string): string {
  return '*'.repeat(Math.max(0, value.length - 4)) + value.slice(-4);
}

function scan(norm: string, found: PiiMatch[]): void {
  for (const m of norm.matchAll(RESIDENT_ID)) {
    const value = digitsOf(m[1] ?? '');
    if (!isResidentId(value)) continue;
    found.push({ kind: 'id_card', start: m.index, end: m.index + m[0].length, value, masked: keepLastFour(value) });
  }
  for (const m of norm.matchAll(MOBILE)) {
    const value = digitsOf(m[1] ?? '');
    if (!isMobile(value)) continue;
    found.push({ kind: 'mobile', start: m.index, end: m.index + m[0].length, value, masked: keepLastFour(value) });
  }
  for (const m of norm.matchAll(CARD)) {
    const value = digitsOf(m[1] ?? '');
    if (!isBankCard(value)) continue;
    const before = norm.slice(Math.max(0, m.index - 10), m.index);
    if (NOT_CARD_LABEL.test(before) && !/卡/.test(before)) continue;
    found.push({ kind: 'bank_card', start: m.index, end: m.index + m[0].length, value, masked: keepLastFour(value) });
  }
}

/**
 * Finds mobile numbers (with +86/0086 prefixes), 18-digit resident ID numbers (checksum and
 * birth date verified) and bank cards (Luhn) in a text, written with any separators (spaces,
 * dots, dashes, slashes…), full-width digits or Chinese numerals (一三九…, 幺, 两). Digit runs
 * that fail the checks — 11-digit order numbers not starting 13–19, 18-digit serials with a
 * bad check character — are left alone. Overlaps resolve to the earliest, then longest, match.
 * `masked` keeps at most the last four digits.
 */
export function findPii(text: string): PiiMatch[] {
  const found: PiiMatch[] = [];
  scan(normaliseWideDigits(text), found);
  // Chinese numerals get their own pass, so a numeral-word next to a number (统一13800138000)
  // cannot hide the number from the first.
  if (hasChineseDigit(text)) scan(normaliseAllDigits(text), found);
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

/** Replaces every match with its masked rendering (at most the last four digits). */
export function maskPii(text: string): string {
  if (text.length < MIN_DIGITS || countDigitLike(text) < MIN_DIGITS) return text;
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

/** Hides every digit of an already-masked rendering but the last four (`138****8000` → `*******8000`). */
export function hideAllButLastFourDigits(masked: string): string {
  const total = (masked.match(/\d/g) ?? []).length;
  let seen = 0;
  return masked.replace(/\d/g, (d) => (++seen > total - 4 ? d : '*'));
}
