import type { ConversationState } from '../core/conversation.js';
import { normalizeText } from '../knowledge/normalize.js';
import type { SurfaceMatch } from '../knowledge/surface-matcher.js';
import type { CompetitorDoc, KnowledgeBase, KnowledgeDoc, ProductDoc } from '../ports/knowledge.js';
import { isCatalogueAsk } from './catalogue.js';
import { askClauses, genericAsks } from './coverage.js';
import { describedInKind, describedSibling, productSurface, siblingByAttribute } from './described-sibling.js';
import { focusWords } from './focus.js';
import { unknownTerm } from './unknown-term.js';

/** The knowledge base as the answer engine needs it: the port plus span-level linking. */
export interface LinkingKnowledgeBase extends KnowledgeBase {
  linkCompetitors(text: string): SurfaceMatch[];
  linkProductSpans(text: string): SurfaceMatch[];
  /** Whole-document ranking (catalogue questions, decision signals). */
  searchDocs(
    query: string,
    opts?: { types?: KnowledgeDoc['type'][]; k?: number },
  ): { doc: KnowledgeDoc; score: number }[];
}

export interface Entities {
  product?: ProductDoc;
  /** Other products mentioned (comparisons between our own products). */
  otherProducts: ProductDoc[];
  competitor?: CompetitorDoc;
  /** True when the product or competitor came from the previous turns, not this text. */
  fromConversation: boolean;
  /** Products tied on weak evidence (智能手表 fits two watches); retrieval may pick one. */
  candidates: ProductDoc[];
  /** True when the product was named outright (name, alias, SKU, homophone), not inferred from shared words. */
  strongLink: boolean;
  /** True when one of our products is named in this text itself (not from a competitor's versus or the conversation). */
  ownNamed: boolean;
  /** Set when a sibling was picked by description: the attribute words that picked it (那布的 → 布; none for 小一号的), which say which product, not what is asked. */
  describedBy?: string[];
}

/** A follow-up pointing at another one than the current (那格纹的那款, 那长款的那条呢, 有没有…的). */
const REFERS_TO_OTHER = /^那|呢[?？]?$|有没有.*的/;

/** The describing words of a follow-up: its content words minus the current product's names and the generic asks. */
function describingWords(text: string, current: ProductDoc): string[] {
  const generic = genericAsks(text).flatMap((a) => a.words);
  // A number with its unit (那50分的呢, 1.8的) describes as one word; segmentation splits it.
  const measures = [...normalizeText(text).matchAll(/\d+(?:\.\d+)?(?:[a-z]+|\p{Script=Han})?/gu)]
    .map((m) => m[0])
    .filter((m) => !/[的呢吗了那个]$/u.test(m));
  return [
    ...measures,
    ...focusWords(askClauses(text).join(' '), [current.name, ...current.aliases])
      // Segmentation glues the pointing 那 onto the word (那格, 那宽): the word is what describes.
      .map((w) => w.replace(/^[那这](?=\p{Script=Han})/u, ''))
      .filter(
        (w) => !/^[条款个件双台张罐包瓶种]$|^一点$/.test(w) && !generic.some((g) => g.includes(w) || w.includes(g)),
      ),
  ];
}

const PRONOUN = /它|这款|这个|那款|那个|这种|同款|^那|呢[?？]?$|隔壁那家|那家|他家|对面那/;
/** "This one": the product already under discussion (它适合敏感肌吗), never a new one from weak word evidence. */
/** 它/这款: the product already under discussion. */
export const THIS = /它|这款|这个|这种|同款/;

/**
 * Finds the product and competitor a question is about. A product name right after a
 * competitor brand (北面三合一) belongs to the competitor. With nothing named, a follow-up
 * leans on the conversation's recent products and competitor.
 */
export function resolveEntities(kb: LinkingKnowledgeBase, text: string, conversation: ConversationState): Entities {
  const comps = kb.linkCompetitors(text).filter((m) => m.score >= 0.6);
  const compEnds = comps.filter((c) => c.end >= 0).map((c) => c.end);
  const spans = kb
    .linkProductSpans(text)
    .filter((m) => !(m.start >= 0 && compEnds.some((e) => m.start >= e && m.start - e <= 2)));
  // Two products tied on weak word evidence (吹风机 fits both dryers) name neither.
  const top = spans[0];
  const current = conversation.products[0];
  // 它/这款 with only weak name evidence (敏感肌 in an alias) means the product from before.
  if (top?.how === 'words' && THIS.test(text) && current) spans.length = 0;
  // "That one" (那个…呢) among weak candidates that include the current product means the other one.
  if (top?.how === 'words' && current && !THIS.test(text)) {
    const others = spans.filter((s) => s.entityId !== current);
    if (others.length < spans.length && others[0] && others[0].score >= (top.score ?? 0) * 0.95) {
      spans.splice(0, spans.length, ...others);
    }
  }
  // Weak name words found only in the context of a follow-up (那续航呢 放车里用) do not move it off the product under discussion.
  if (spans[0]?.how === 'words' && current) {
    const asked = new Set(kb.linkProductSpans(askClauses(text).join(' ')).map((m) => m.entityId));
    if (!asked.has(spans[0].entityId)) spans.length = 0;
  }
  const lead = spans[0];
  const ambiguous = lead && lead.how === 'words' && spans[1] && spans[1].score >= lead.score * 0.95;
  let product = lead && !ambiguous ? (kb.get(lead.entityId) as ProductDoc | undefined) : undefined;
  // A kind named with a description and no name (新上的那台洗碗机): the one the description picks among that kind.
  // In a conversation about a product, a description picks among its siblings first (below).
  const currentDoc = current ? (kb.get(current) as ProductDoc | undefined) : undefined;
  const currentHasSibling = currentDoc !== undefined && describedSibling(text, currentDoc, kb.products()) !== undefined;
  if ((!lead || lead.how === 'words') && comps.length === 0 && !currentHasSibling) {
    const kind = describedInKind(text, focusWords(text, []), kb.products());
    if (kind) product = kind;
  }
  const otherProducts = spans
    .slice(1)
    .filter((s) => s.score >= 0.7)
    .map((s) => kb.get(s.entityId) as ProductDoc)
    .filter(Boolean);
  let competitor = comps[0] ? (kb.get(comps[0].entityId) as CompetitorDoc | undefined) : undefined;
  let fromConversation = false;
  let describedBy: string[] | undefined;
  if (competitor && !product) {
    product = pickVersusProduct(kb, competitor, text);
  }
  // A sibling described rather than named (小一号的, 实惠点那款, 新到的那台).
  if (!product && currentDoc) {
    const words = describingWords(text, currentDoc);
    const byRelation = describedSibling(text, currentDoc, kb.products());
    const sibling =
      byRelation ?? (REFERS_TO_OTHER.test(text) ? siblingByAttribute(words, currentDoc, kb.products()) : undefined);
    if (sibling) {
      product = sibling;
      fromConversation = true;
      describedBy = byRelation ? [] : words.filter((w) => productSurface(sibling).includes(w));
    }
  }
  // Nothing named: a follow-up is about the product under discussion (unless it asks the catalogue).
  // A text leading with something the pack does not know (某个本店没有的牌子) is about that, not a follow-up.
  const followUp = PRONOUN.test(text) || (spans.length === 0 && !isCatalogueAsk(text) && !unknownTerm(kb, text));
  if (!product && currentDoc && followUp) {
    product = currentDoc;
    fromConversation = Boolean(product);
  }
  if (!competitor && /隔壁|那家|他家|对面|竞品/.test(text) && conversation.competitors[0] && !product) {
    competitor = kb.get(conversation.competitors[0]) as CompetitorDoc | undefined;
    fromConversation = true;
  }
  const strongLink = Boolean(product && (fromConversation || competitor || (lead && lead.how !== 'words')));
  const candidates = ambiguous
    ? spans
        .filter((s) => s.score >= (lead?.score ?? 0) * 0.95)
        .map((s) => kb.get(s.entityId) as ProductDoc)
        .filter(Boolean)
    : [];
  return {
    ...(product ? { product } : {}),
    otherProducts,
    ...(competitor ? { competitor } : {}),
    fromConversation,
    strongLink,
    ownNamed: Boolean(lead && lead.how !== 'words' && product?.id === lead.entityId),
    candidates,
    ...(describedBy ? { describedBy } : {}),
  };
}

/** Of a competitor's `versus` products, the one the text points at (or the only one). */
function pickVersusProduct(kb: LinkingKnowledgeBase, c: CompetitorDoc, text: string): ProductDoc | undefined {
  const linked = kb.linkProductSpans(text).find((m) => c.versus.includes(m.entityId));
  const id = linked?.entityId ?? (c.versus.length === 1 ? c.versus[0] : undefined);
  return id ? (kb.get(id) as ProductDoc | undefined) : undefined;
}
