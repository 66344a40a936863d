import type { PiiMatch } from '../../ports/pii.js';

/**
 * The text a report is classified on: personal data removed (not masked), with the label
 * word that introduces it (电话/手机/联系方式/尾号), so a phone number can never steer the
 * playbook, the category or the product link.
 */
export function stripPersonalData(text: string, found: PiiMatch[]): string {
  let out = text;
  const spans = found.filter((m) => m.kind !== 'person_name').sort((a, b) => b.start - a.start);
  for (const m of spans) out = `${out.slice(0, m.start)} ${out.slice(m.end)}`;
  return out
    .replace(/(?:电话|手机号?码?|联系方式|联系电话|号码|尾号)\s*[:：是为]?\s*(?=[\s，,。]|$)/g, ' ')
    .replace(/\s{2,}/g, ' ')
    .trim();
}
