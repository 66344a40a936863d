import type { ConversationState } from '../../core/conversation.js';
import { contentWords } from '../../knowledge/analyzer.js';
import { normalizeText } from '../../knowledge/normalize.js';
import { syllables } from '../../knowledge/pinyin.js';
import { compact } from '../../knowledge/surface-matcher.js';
import type { KnowledgeDoc, PlaybookDoc } from '../../ports/knowledge.js';
import type { IntentProbs } from '../intent-model/intent-model.js';

/** The knowledge base as the decider reads it: documents, whole-document search and linking. */
export interface SignalSource {
  readonly version: number;
  all(): KnowledgeDoc[];
  searchDocs(
    query: string,
    opts?: { types?: KnowledgeDoc['type'][]; k?: number },
  ): { doc: KnowledgeDoc; score: number }[];
  linkCompetitors(text: string): { entityId: string; score: number }[];
  linkProducts(text: string): { id: string; score: number }[];
  linkProductSpans(text: string): { score: number; start: number; end: number; how: string }[];
}

/**
 * The text the pack-independent model reads: a product named outright (name, alias, SKU) is
 * replaced by 这款, so the characters of a name (星途, 途乐…) never pass for words of an intent
 * the corpus taught with other invented names.
 */
export function modelText(kb: SignalSource, text: string): string {
  const spans = kb
    .linkProductSpans(text)
    .filter((s) => s.how !== 'words' && s.start >= 0 && s.end > s.start)
    .sort((a, b) => b.start - a.start);
  if (spans.length === 0) return text;
  const chars = Array.from(normalizeText(text).replace(/\s+/g, ''));
  let lastStart = Number.POSITIVE_INFINITY;
  for (const s of spans) {
    if (s.end > lastStart) continue;
    chars.splice(s.start, s.end - s.start, '这款');
    lastStart = s.start;
  }
  return chars.join('');
}

/** What the decider weighs for one question: text-model probabilities and evidence from the pack. */
export interface Signals {
  probs: IntentProbs;
  /** 0..1: playbook trigger phrases found in the question (exact, or by sound for 3+ syllables). */
  trigger: number;
  /** 0..1: best playbook's whole-document score relative to the best document overall. */
  playbook: number;
  /** 0..1: best scenario script's (no product) score relative to the best document overall. */
  scenario: number;
  /** 0..1: best competitor link. */
  competitor: number;
  /** 0..1: best product link. */
  product: number;
  /** 1 when two or more of our own products are named outright and no competitor is (a comparison among ours). */
  ownPair: number;
  /** 1 when the text carries a customer's contact or name (a report about a person). */
  contact: number;
  /** 1 when the conversation has products and this text names nothing (a follow-up). */
  followUp: number;
}

const CONTACT =
  /(?:\+?86[\s-]?)?1[3-9]\d(?:[\s.-]?\d{4}){2}|尾号\s*\d{3,4}|[\p{Script=Han}][先女]士|[\p{Script=Han}]小姐/u;

/** Playbook triggers as compact text and syllables, cached per pack version. */
const triggerCache = new WeakMap<object, { version: number; list: { word: string; syl: string }[] }>();

function triggers(kb: SignalSource): { word: string; syl: string }[] {
  const hit = triggerCache.get(kb);
  if (hit && hit.version === kb.version) return hit.list;
  const list = kb
    .all()
    .filter((d): d is PlaybookDoc => d.type === 'playbook')
    .flatMap((p) => p.triggers)
    .map((w) => compact(w))
    .filter((w) => Array.from(w).length >= 2)
    .map((word) => ({ word, syl: syllables(word).join(' ') }));
  triggerCache.set(kb, { version: kb.version, list });
  return list;
}

/** Computes the signals of one (spelling-corrected) question. */
export function computeSignals(
  kb: SignalSource,
  text: string,
  probs: IntentProbs,
  conversation: ConversationState,
): Signals {
  const q = compact(text);
  const qSyl = ` ${syllables(q).join(' ')} `;
  const words = contentWords(q);
  const inLongerWord = (w: string) => words.some((x) => x !== w && x.includes(w));
  const hits = triggers(kb).filter(
    (t) =>
      (q.includes(t.word) && !inLongerWord(t.word)) || (t.syl.split(' ').length >= 3 && qSyl.includes(` ${t.syl} `)),
  ).length;
  const docs = kb.searchDocs(text, { k: 30 });
  const top = docs[0]?.score ?? 0;
  const rel = (pred: (d: KnowledgeDoc) => boolean) => {
    const best = docs.find((h) => pred(h.doc));
    return top > 0 && best ? best.score / top : 0;
  };
  const links = kb.linkProducts(text);
  const product = Math.min(1, links[0]?.score ?? 0);
  const competitor = Math.min(1, kb.linkCompetitors(text)[0]?.score ?? 0);
  const named = new Set(links.filter((l) => l.score >= 0.7).map((l) => l.id));
  return {
    probs,
    trigger: Math.min(1, hits / 2),
    playbook: rel((d) => d.type === 'playbook'),
    scenario: rel((d) => d.type === 'script' && !d.product),
    competitor,
    product,
    ownPair: named.size >= 2 && competitor < 0.6 ? 1 : 0,
    contact: CONTACT.test(text) ? 1 : 0,
    followUp: conversation.products.length > 0 && product < 0.5 && competitor < 0.6 ? 1 : 0,
  };
}
