import type { Services } from '../../core/services.js';
import type { FeedbackCategory, Sentiment } from '../../ports/crm.js';
import type { PlaybookDoc } from '../../ports/knowledge.js';

/**
 * The playbook for a report: the first search hit whose triggers appear in the text, else
 * the top hit when the report is a complaint (not a stock request or praise).
 */
export async function findPlaybook(
  services: Services,
  text: string,
  category: FeedbackCategory,
  sentiment: Sentiment,
): Promise<PlaybookDoc | undefined> {
  const hits = await services.knowledge.search(text, { types: ['playbook'], k: 3 });
  const playbooks = hits.map((h) => h.doc).filter((d): d is PlaybookDoc => d.type === 'playbook');
  const triggered = playbooks.find((p) => p.triggers.some((t) => t && text.includes(t)));
  if (triggered) return triggered;
  const complaint = category !== '缺货' && (category !== '其他' || sentiment === 'negative');
  return complaint ? playbooks[0] : undefined;
}

/** The numbered steps of a playbook's 处理步骤 section; sub-bullets are joined onto their step. */
export function playbookSteps(doc: PlaybookDoc): { heading: string; steps: string[] } {
  const section = doc.sections.find((s) => /处理步骤|处理流程|步骤/.test(s.heading)) ?? doc.sections.find((s) => s.heading);
  if (!section) return { heading: '', steps: [] };
  const steps: string[] = [];
  for (const raw of section.text.split('\n')) {
    const line = raw.trimEnd();
    if (!line.trim()) continue;
    const top = /^(?:\d+[.、)]|[-*])\s+(.*)$/.exec(line);
    const indented = /^\s{2,}/.test(line);
    if (top && !indented) steps.push(top[1]?.trim() ?? '');
    else if (steps.length) steps[steps.length - 1] += `；${line.trim().replace(/^[-*]\s*/, '')}`;
    else steps.push(line.trim());
  }
  return { heading: section.heading, steps };
}
