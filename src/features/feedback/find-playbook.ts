import { pickPlaybooks } from '../../answer/answer-question.js';
import { type LinkingKnowledgeBase, resolveEntities } from '../../answer/resolve-entities.js';
import type { ConversationState } from '../../core/conversation.js';
import type { Services } from '../../core/services.js';
import type { FeedbackCategory, Sentiment } from '../../ports/crm.js';
import type { KnowledgeBase, PlaybookDoc } from '../../ports/knowledge.js';

const isLinking = (kb: KnowledgeBase): kb is LinkingKnowledgeBase =>
  typeof (kb as Partial<LinkingKnowledgeBase>).linkProductSpans === 'function';

/**
 * The products a report is about, resolved like the answer engine does (nicknames, colours,
 * SKUs, pinyin; a product named after a competitor brand is not ours), with the conversation
 * for 它/这款. Falls back to plain linking on a knowledge base without span linking.
 */
export function linkReportProducts(services: Services, text: string, conversation: ConversationState): string[] {
  const kb = services.knowledge;
  if (isLinking(kb)) {
    const e = resolveEntities(kb, text, conversation);
    return [...new Set([e.product, ...e.otherProducts].flatMap((p) => (p ? [p.id] : [])))].slice(0, 3);
  }
  return [
    ...new Set(
      kb
        .linkProducts(text)
        .filter((l) => l.score >= 0.5)
        .map((l) => l.id),
    ),
  ].slice(0, 3);
}

/**
 * The playbook for a report, chosen like the complaint answer chooses it (trigger hits, then
 * retrieval rank). A stock request or praise gets one only when a trigger names it.
 */
export async function findPlaybook(
  services: Services,
  text: string,
  category: FeedbackCategory,
  sentiment: Sentiment,
  productIds: string[],
): Promise<PlaybookDoc | undefined> {
  const kb = services.knowledge;
  const passages = await kb.search(text, { k: 24, productIds });
  const q = text.replace(/\s+/g, '');
  const triggered = (p: PlaybookDoc) => p.triggers.some((t) => t.length >= 2 && q.includes(t.replace(/\s+/g, '')));
  const picked = isLinking(kb) ? pickPlaybooks(kb, text, passages)[0] : undefined;
  // Product passages can crowd playbooks out of a mixed search; then ask for playbooks only.
  const best =
    picked ??
    (await kb.search(text, { k: 3, types: ['playbook'] }))
      .map((h) => h.doc)
      .find((d): d is PlaybookDoc => d.type === 'playbook');
  if (!best) return undefined;
  const complaint = category !== '缺货' && (category !== '其他' || sentiment === 'negative');
  return complaint || triggered(best) ? best : undefined;
}

/** The numbered steps of a playbook's 处理步骤 section; sub-bullets are joined onto their step. */
export function playbookSteps(doc: PlaybookDoc): { heading: string; steps: string[] } {
  const section =
    doc.sections.find((s) => /处理步骤|处理流程|步骤/.test(s.heading)) ?? doc.sections.find((s) => s.heading);
  if (!section) return { heading: '', steps: [] };
  const steps: string[] = [];
  for (const raw of section.text.split('\n')) {
    const line = raw.trimEnd();
    if (!line.trim()) continue;
    const top = /^(?:\d+[.、)]|[-*])\s+(.*)$/.exec(line);
    const indented = /^\s{2,}/.test(line);
    if (top && !indented) steps.push(top[1]?.trim() ?? '');
    else if (steps.length)
      steps[steps.length - 1] +=
        `${/[：:]$/.test(steps[steps.length - 1] ?? '') ? '' : '；'}${line.trim().replace(/^[-*]\s*/, '')}`;
    else steps.push(line.trim());
  }
  return { heading: section.heading, steps };
}
