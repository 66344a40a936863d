import type { CustomerProfile, FeedbackCategory, Sentiment, Severity } from '../../ports/crm.js';
import type { PiiMatch } from '../../ports/pii.js';
import { categorize, deriveTags, detectSentiment, mentionsRepeat, mentionsThreat } from './classify-report.js';

/** Explicit feedback prefixes: 反馈：/投诉：/上报：/反馈下/记一下/记录/登记/报备/反映 (as the classifier's REPORT_PREFIX). */
export const FEEDBACK_PREFIX =
  /^\s*(?:(?:反馈|投诉|上报|记录|报备|反映)(?:一下|下|个)?\s*[：:，,\s]|记一下|记录一下|登记(?:一下)?)\s*[：:，,]?\s*/;

export interface ExtractedReport {
  /** The report without its prefix. */
  body: string;
  contact?: { value: string; masked: string };
  customerName?: string;
  memberTail?: string;
  category: FeedbackCategory;
  sentiment: Sentiment;
  tags: string[];
  threat: boolean;
  repeatWords: boolean;
}

/** Pulls customer, category, sentiment and tags out of a report. `pii` is what the masker found. */
export function extractReport(text: string, pii: PiiMatch[]): ExtractedReport {
  const body = text.replace(FEEDBACK_PREFIX, '').trim();
  const mobile = pii.find((m) => m.kind === 'mobile');
  const name = pii.find((m) => m.kind === 'person_name');
  const tail = /(?:会员|尾号|手机尾号|卡尾号)[^\d]{0,3}(\d{4})(?!\d)/.exec(body);
  const category = categorize(body);
  const sentiment = detectSentiment(body);
  return {
    body,
    ...(mobile ? { contact: { value: mobile.value, masked: mobile.masked } } : {}),
    ...(name ? { customerName: name.value } : {}),
    ...(tail?.[1] ? { memberTail: tail[1] } : {}),
    category,
    sentiment: sentiment === 'neutral' && category !== '其他' && category !== '缺货' ? 'negative' : sentiment,
    tags: deriveTags(body),
    threat: mentionsThreat(body),
    repeatWords: mentionsRepeat(body),
  };
}

/**
 * High for allergy/injury, 12315/media/legal threats and repeat complaints (words like 又/再次,
 * or a customer with earlier reports); medium for other complaints; low for requests and praise.
 */
export function decideSeverity(r: ExtractedReport, prior?: CustomerProfile): { severity: Severity; reasons: string[] } {
  const reasons: string[] = [];
  if (r.category === '过敏/安全') reasons.push('过敏/人身安全');
  if (r.threat) reasons.push('顾客提到投诉渠道/媒体/法律');
  if (r.repeatWords || (prior && prior.reportCount > 0 && r.sentiment === 'negative')) reasons.push('重复投诉');
  if (reasons.length) return { severity: 'high', reasons };
  if (r.sentiment === 'negative') return { severity: 'medium', reasons };
  return { severity: 'low', reasons };
}
