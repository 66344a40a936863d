/** Checksum and format rules for Chinese personal identifiers (pure functions). */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** A mainland mobile number: 11 digits, 1[3-9]xxxxxxxxx. */
export function isMobile(digits: string): boolean {
  return /^1[3-9]\d{9}$/.test(digits);
}

/** An 18-character resident ID number (GB 11643): region, a real birth date, ISO 7064 MOD 11-2 check character. */
export function isResidentId(id: string): boolean {
  const v = id.toUpperCase();
  if (!/^[1-9]\d{16}[\dX]$/.test(v)) return false;
  const year = Number(v.slice(6, 10));
  const month = Number(v.slice(10, 12));
  const day = Number(v.slice(12, 14));
  if (year < 1900 || year > 2100) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(v[i]) * (ID_WEIGHTS[i] ?? 0);
  return ID_CHECK[sum % 11] === v[17];
}

/** The Luhn (mod 10) check every bank card number carries. */
export function passesLuhn(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = Number(digits[i]);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** A plausible payment card: 15–19 digits, an issuer prefix 3–6 (Amex/JCB, Visa, Mastercard, UnionPay) and Luhn. */
export function isBankCard(digits: string): boolean {
  return /^[3-6]\d{14,18}$/.test(digits) && passesLuhn(digits);
}
