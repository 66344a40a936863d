import type { ReplyDraft } from '../core/context.js';
import type { ConversationState } from '../core/conversation.js';
import type { Intent, ReplyBlock, SourceRef } from '../core/reply.js';
import type { CompetitorDoc, KnowledgeDoc, PlaybookDoc, ProductDoc, ScriptDoc, SearchHit } from '../ports/knowledge.js';
import { type CatalogueHit, findCatalogueProducts, isCatalogueAsk, notCarried } from './catalogue.js';
import { softenLine } from './compliance.js';
import { askClauses, askCoverage, askedHead, type GenericAsk, headCovered } from './coverage.js';
import { type DeclineInput, shouldDecline } from './decide/decline-model.js';
import { engineState } from './engine-state.js';
import { type DocLine, docLines, sectionByHeading } from './extract-lines.js';
import { askedText, bestLines, focusWords, lineScore } from './focus.js';
import comparisonJson from './lexicons/comparison-markers.json' with { type: 'json' };
import { type Entities, type LinkingKnowledgeBase, resolveEntities, THIS } from './resolve-entities.js';
import { generalTag } from './spell/create-speller.js';
import { unknownTerm } from './unknown-term.js';

export interface AnswerResult {
  draft: ReplyDraft;
  passages: SearchHit[];
  entities: Entities;
  /** Products offered when the engine asked which one was meant. */
  choices?: ProductDoc[];
  /** What the decline decision weighed, when a product answer was checked against the pack (the bench fits on it). */
  declineInput?: DeclineInput;
}

/** `1` / `2`: a pick from the choices of a clarifying question. */
export const CHOICE_REPLY = /^\s*([1-9])\s*$/;
/** Card-button key of a clarifying choice (Lark). */
export const CLARIFY_ACTION = 'clarify';

type Built = Omit<ReplyDraft, 'intent' | 'mode'> & { declineInput?: DeclineInput };

const ASK_WHO = '建议先跟顾客说明会核实后回复，再问店长或在门店工作群里确认。';

/**
 * Answers one associate question from the knowledge base without an LLM: resolves the
 * product and competitor, retrieves passages, and composes a phone-sized structured reply
 * for the intent (FABE product answer, competitor comparison, playbook, objection script),
 * every line from the pack and Advertising-Law-safe, with sources best first. Declines when
 * the pack does not hold the answer.
 */
export async function answerQuestion(
  kb: LinkingKnowledgeBase,
  asked: string,
  intent: Intent,
  conversation: ConversationState,
): Promise<AnswerResult> {
  const picked = pickedChoice(kb, asked, conversation);
  const typed = engineState(kb).speller.correct(picked ?? asked).text;
  const entities = resolveEntities(kb, typed, conversation);
  const question = withElidedAsk(kb, typed, conversation);
  // A tie is asked about (哪一款？) unless the objection is a situation its scenario script answers (担心进口货是假的).
  const tie =
    intent === 'product_question' || (intent === 'objection_handling' && !scenarioLeads(kb, question))
      ? tiedCandidates(kb, typed, entities, conversation)
      : [];
  if (tie.length >= 2) {
    return { draft: { ...clarifyDraft(tie, typed), intent }, passages: [], entities, choices: tie };
  }
  // A turn in a complaint conversation that names nothing new asks about the playbook being followed
  // (退款几天到账, 礼品送多少钱的), unless the product's own documents answer it better.
  // In a conversation, a turn routed as a comparison that names no competitor and has no comparison word
  // (出了问题谁来赔, 那个白色的呢) is no comparison. A first message keeps its route: a brand we cannot link may be in it.
  const comparing =
    intent === 'competitor_compare' &&
    (entities.competitor !== undefined || compares(typed) || conversation.products.length === 0);
  const pbFollow = !comparing
    ? (caseFollowUp(kb, question, entities, conversation) ?? policyFollowUp(kb, question, entities))
    : undefined;
  if (pbFollow) {
    // Answered as the kind of document that answers it: a playbook handles a complaint, a scenario script an objection.
    const caseType = pbFollow.sources[0]?.type;
    const answeredAs: Intent =
      caseType === 'playbook' ? 'complaint' : caseType === 'script' ? 'objection_handling' : intent;
    return {
      draft: { ...pbFollow, intent: answeredAs, mode: 'structured', blocks: safeBlocks(pbFollow.blocks) },
      passages: [],
      entities,
    };
  }
  // Only an outright mention boosts retrieval; a guess from shared words must not outrank the search.
  const productIds = entities.product && entities.strongLink ? [entities.product.id] : [];
  const query = entities.fromConversation && entities.product ? `${entities.product.name} ${question}` : question;
  const passages = await kb.search(query, { k: 24, productIds });
  let built: Built;
  // Routed as a comparison, but nothing to compare: no competitor named or in the conversation, and
  // no comparison word (那个呢 after a product) — a question about our product.
  const comparesNothing = intent === 'competitor_compare' && !comparing && entities.product !== undefined;
  switch (comparesNothing ? 'product_question' : intent) {
    case 'complaint':
      // Playbooks compete among themselves: rank them in their own search, not against product sheets.
      built = complaintAnswer(kb, question, entities, await kb.search(question, { k: 6, types: ['playbook'] }));
      break;
    case 'competitor_compare':
      built = compareAnswer(kb, question, entities, passages, typed);
      break;
    case 'product_question':
      // A competitor named outright, with none of ours named: the question is about theirs
      // (e.g. "XX 牌的那款有定时吗"), answered from the competitor document against ours.
      built =
        entities.competitor && !entities.ownNamed
          ? compareAnswer(kb, question, entities, passages, typed)
          : productAnswer(kb, question, entities, passages);
      break;
    case 'objection_handling':
      built = objectionAnswer(kb, question, entities, passages);
      break;
    default:
      built = productAnswer(kb, question, entities, passages);
  }
  // Nothing of ours or theirs named and nothing to answer from: a shop-floor situation (工费能不能抹零),
  // answered by the scenario script when whole-document retrieval ranks one first and it covers the ask.
  // The reply's intent is the kind of answer given: a question about a competitor's product alone is
  // answered as a comparison; two products of ours compared with no competitor is a product question.
  let answeredAs: Intent = comparesNothing ? 'product_question' : intent;
  if (intent === 'product_question' && entities.competitor && !entities.ownNamed) answeredAs = 'competitor_compare';
  if (intent === 'competitor_compare' && !entities.competitor && entities.product && entities.otherProducts.length)
    answeredAs = 'product_question';
  if (built.declined && (intent === 'product_question' || intent === 'competitor_compare') && !entities.competitor) {
    const scenario = scenarioFor(kb, question, entities);
    if (scenario) {
      built = objectionAnswer(kb, question, { ...entities, product: undefined }, passages, scenario);
      answeredAs = 'objection_handling';
    }
  }
  const { declineInput, ...rest } = built;
  const draft: ReplyDraft = { ...rest, intent: answeredAs, mode: 'structured', blocks: safeBlocks(built.blocks) };
  return { draft, passages, entities, ...(declineInput ? { declineInput } : {}) };
}

const COMPARISON_MARKERS: string[] = comparisonJson.markers;

/** True when a message compares two things (`lexicons/comparison-markers.json`). */
function compares(text: string): boolean {
  const t = text.toLowerCase();
  return COMPARISON_MARKERS.some((m) => t.includes(m));
}

/** A document that handles a case rather than a product: a playbook, or a scenario script (a script for no product). */
export function isCaseDoc(doc: KnowledgeDoc | undefined): doc is PlaybookDoc | ScriptDoc {
  return doc?.type === 'playbook' || (doc?.type === 'script' && !doc.product);
}

/** The question a `1`/`2` reply to a clarifying question stands for: the chosen product's name plus the question asked. */
function pickedChoice(kb: LinkingKnowledgeBase, text: string, conversation: ConversationState): string | undefined {
  const n = CHOICE_REPLY.exec(text)?.[1];
  const id = n ? conversation.choices?.[Number(n) - 1] : undefined;
  const doc = id ? kb.get(id) : undefined;
  return doc?.type === 'product' ? `${doc.name} ${conversation.lastQuestion ?? ''}` : undefined;
}

/**
 * Products the question could equally mean: a tie on weak name evidence (智能手表 fits two
 * watches), or 它/这款 with nothing in the conversation. Two or more → ask, do not guess.
 */
function tiedCandidates(
  kb: LinkingKnowledgeBase,
  text: string,
  e: Entities,
  conversation: ConversationState,
): ProductDoc[] {
  if (e.product || e.competitor) return [];
  if (THIS.test(text) && conversation.products.length === 0) {
    const hits = kb.searchDocs(text, { types: ['product'], k: 3 });
    const top = hits[0]?.score ?? 0;
    return hits
      .filter((h) => h.score >= top * 0.8)
      .map((h) => h.doc as ProductDoc)
      .slice(0, 3);
  }
  if (e.candidates.length < 2 || isCatalogueAsk(text)) return [];
  // Names tie; whole-document retrieval may still tell them apart by the rest of the question.
  const score = new Map(kb.searchDocs(text, { types: ['product'], k: 20 }).map((h) => [h.doc.id, h.score]));
  const ranked = [...e.candidates].sort((a, b) => (score.get(b.id) ?? 0) - (score.get(a.id) ?? 0));
  const [a, b] = ranked.map((p) => score.get(p.id) ?? 0);
  if ((a ?? 0) >= (b ?? 0) * TIE_MARGIN) return [];
  const tied = ranked.slice(0, 3);
  // Asking which one is pointless when each sheet gives the same line for what is asked.
  const focus = focusWords(askClauses(text).join(' '), tied.flatMap(names));
  if (focus.length) {
    const tops = tied.map((p) => bestLines(docLines(p), focus, 1)[0]?.text);
    if (tops.every((t) => t !== undefined && t === tops[0])) return [];
  }
  return tied;
}

/** A candidate this much ahead in whole-document score is no tie. */
const TIE_MARGIN = 1.15;

/** "你问的是哪一款？" with numbered choices (text channels) and buttons (Lark). */
function clarifyDraft(choices: ProductDoc[], question: string): Omit<ReplyDraft, 'intent'> {
  return {
    title: '你问的是哪一款？',
    blocks: [
      {
        kind: 'list',
        title: '回复数字或点按钮',
        lines: choices.map((p, i) => `${i + 1}. ${p.name}${p.price !== undefined ? `（${p.price} 元）` : ''}`),
      },
    ],
    actions: choices.map((p, i) => ({
      id: `clarify-${i + 1}`,
      label: p.name,
      value: { action: CLARIFY_ACTION, text: `${p.name} ${question}`.slice(0, 200) },
    })),
    products: [],
    sources: [],
    mode: 'structured',
    declined: false,
  };
}

/** "那大号的呢" / "蓝瓶呢": a short follow-up that names only a product asks what the last question asked. */
const ELLIPSIS = /^(?:那|那么|还有)?.{0,10}呢[?？]?$/;

function withElidedAsk(kb: LinkingKnowledgeBase, text: string, conversation: ConversationState): string {
  const last = conversation.lastQuestion;
  if (!last || !ELLIPSIS.test(text.replace(/\s+/g, ''))) return text;
  const prev = conversation.products[0] ? kb.get(conversation.products[0]) : undefined;
  let ask = last;
  for (const n of names(prev).sort((a, b) => b.length - a.length)) if (n.length >= 2) ask = ask.split(n).join(' ');
  return `${text} ${ask}`;
}

/** Text in a pack that tries to instruct the assistant is data, never a line to repeat. */
const INJECTION =
  /忽略(?:以上|之前|前面|上面|所有)?的?(?:指令|指示|提示|规则|设定)|无视(?:以上|之前)|ignore (?:all |the )?(?:previous|above) instructions|system prompt|你现在是/i;

function safeBlocks(blocks: ReplyBlock[]): ReplyBlock[] {
  return blocks
    .map((b) => ({
      ...b,
      lines: b.lines
        .filter((l) => !INJECTION.test(l))
        .map((l) => softenLine(l))
        .filter((l): l is string => Boolean(l)),
    }))
    .filter((b) => b.lines.length > 0);
}

function declined(title: string, reason: string, entities: Entities, sources: SourceRef[] = []): Built {
  return {
    title,
    blocks: [{ kind: 'note', title: '资料里没有', lines: [reason, ASK_WHO] }],
    products: entities.product ? [entities.product.id] : [],
    sources,
    declined: true,
  };
}

const src = (doc: KnowledgeDoc, section?: string): SourceRef => ({
  id: doc.id,
  type: doc.type,
  ...(section ? { section } : {}),
});

function uniqueSources(list: SourceRef[]): SourceRef[] {
  const seen = new Set<string>();
  return list.filter((s) => {
    if (seen.has(s.id)) return false;
    seen.add(s.id);
    return true;
  });
}

function names(doc: KnowledgeDoc | undefined): string[] {
  if (!doc) return [];
  if (doc.type === 'product') return [doc.name, ...doc.aliases];
  if (doc.type === 'competitor') return [doc.brand, ...doc.brand.split(/\s+/), doc.product];
  return [doc.title];
}

/** FABE lines from the product's FABE script, else from its selling points. */
function fabeBlock(kb: LinkingKnowledgeBase, product: ProductDoc): { block?: ReplyBlock; source?: SourceRef } {
  const script = kb.scriptsOf(product.id).find((s) => s.sections.some((x) => /^F\b|特征/.test(x.heading)));
  if (script) {
    const part = (re: RegExp, label: string) => {
      const s = sectionByHeading(script, re);
      const line = s?.lines.slice(0, label === 'E 证据' ? 2 : 1).join('；');
      return line ? `${label}：${line}` : undefined;
    };
    const lines = [
      part(/^F\b|特征/, 'F 特征'),
      part(/^A\b|优势/, 'A 优势'),
      part(/^B\b|利益/, 'B 利益'),
      part(/^E\b|证据/, 'E 证据'),
    ].filter((l): l is string => Boolean(l));
    return { block: { kind: 'fabe', title: 'FABE 卖点', lines }, source: src(script, 'F 特征') };
  }
  const points = sectionByHeading(product, /卖点|特点|亮点|优势/);
  if (points?.lines.length) {
    return {
      block: { kind: 'fabe', title: '核心卖点', lines: points.lines.slice(0, 3) },
      source: src(product, points.heading),
    };
  }
  return {};
}

function productAnswer(kb: LinkingKnowledgeBase, question: string, e: Entities, passages: SearchHit[]): Built {
  if (!e.strongLink && !e.fromConversation && !THIS.test(question) && isCatalogueAsk(question)) {
    const absent = notCarried(kb, question);
    if (absent) {
      return declined(
        '没有这类商品',
        `我们的资料里没有“${absent}”这类商品，不能答应顾客有货；可以问问顾客最看重什么，推荐相近的在售款。`,
        e,
      );
    }
    const hits = findCatalogueProducts(kb, question);
    if (hits.length) return catalogueAnswer(hits);
  }
  const inferred = e.product
    ? undefined
    : (pickCandidate(e.candidates, passages) ?? topProductFromPassages(kb, question, passages));
  const product = e.product ?? inferred;
  if (!product) {
    return declined('没找到这个产品', '我们的资料里没有找到你说的这个产品（可能不是本店在售商品，或名字不一样）。', e);
  }
  const ent: Entities = { ...e, product };
  // Other products of ours named beside it are evidence too (两款有啥区别 is answered by both sheets).
  const others = e.otherProducts.filter((p) => p.id !== product.id);
  const related: KnowledgeDoc[] = [
    product,
    ...kb.scriptsOf(product.id),
    ...kb.competitorsOf(product.id),
    ...others.flatMap((o) => [o, ...kb.scriptsOf(o.id)]),
  ];
  const entityNames = [...names(product), ...e.otherProducts.flatMap(names), ...(e.describedBy ?? [])];
  let lines = [...related.flatMap(docLines), ...frontMatterLines(product)];
  const packText = engineState(kb).packText;
  let cov = askCoverage(question, lines, entityNames, packText);
  // The sheet's front-matter price answers 多少钱 about the product itself, not about a part or a deal (跑带多少钱).
  if (product.price !== undefined && cov.focus.length === 0) {
    lines = [{ docId: product.id, section: '价格', text: `售价 ${product.price} 元` }, ...lines];
    cov = askCoverage(question, lines, entityNames, packText);
  }
  const focus = cov.focus;
  // Only a basic fact is missing (a sheet without a warranty line): answer from the sheet and say what it does not state.
  const genericNames = new Set(cov.generic.map((g) => g.name));
  const onlyGenericMissing = cov.uncovered.length > 0 && cov.uncovered.every((u) => genericNames.has(u));
  // Decline when the fitted decline model says the pack does not hold what is asked.
  const declineInput: DeclineInput = { ...cov.features, strongLink: e.strongLink || e.fromConversation ? 1 : 0 };
  const decline = shouldDecline(declineInput, engineState(kb).decline);
  if (decline && onlyGenericMissing) return { ...genericAnswer(kb, product, cov.generic, lines), declineInput };
  if (decline) {
    const sibling = siblingWithAnswer(kb, product, focus);
    if (sibling) {
      return {
        title: product.name,
        blocks: [
          { kind: 'note', title: '这款资料里没有', lines: [`${product.name}的资料里没有写“${focus.join('、')}”。`] },
          { kind: 'fact', title: `同类的${sibling.doc.name}有`, lines: [sibling.line.text] },
        ],
        products: [product.id, sibling.doc.id],
        sources: [src(sibling.doc, sibling.line.section), src(product)],
        // The asked product's fact is declined (and logged as a gap); the sibling's line is offered beside it.
        declined: true,
        declineInput,
      };
    }
    const missing = cov.uncovered.length
      ? cov.uncovered
      : focus.length
        ? focus
        : (askedHead(question, entityNames) ?? []);
    return {
      ...declined(product.name, `资料里没有写${product.name}“${missing.join('、')}”的信息，不能替顾客猜。`, ent, [
        src(product),
      ]),
      declineInput,
    };
  }
  const second = others[0];
  if (second && e.strongLink) return { ...ownCompareAnswer(question, product, second), declineInput };
  if (focus.length === 0 && cov.generic.length)
    return { ...genericAnswer(kb, product, cov.generic, lines), declineInput };
  // With no content word asked, the wh-phrase says what to look for (什么时候上市 → a date).
  const best = bestLines(lines, focus.length ? focus : (askedHead(question, entityNames) ?? []), 3);
  const fabe = fabeBlock(kb, product);
  const blocks: ReplyBlock[] = [];
  if (best.length) blocks.push({ kind: 'fact', title: '直接回答', lines: best.map((l) => l.text) });
  if (fabe.block) blocks.push(fabe.block);
  const say = kb
    .scriptsOf(product.id)
    .map((s) => sectionByHeading(s, /^B\b|利益|话术/))
    .find(Boolean);
  if (say?.lines[0] && !fabe.block?.lines.some((l) => l.includes(say.lines[0] ?? ''))) {
    blocks.push({ kind: 'script', title: '可以这样说', lines: [say.lines[0]] });
  }
  // Part of the ask the pack does not hold (保修 answered, 刻字 not): say so rather than let nearby lines pass for it.
  const absent = cov.absent.filter((w) => !best.some((l) => lineScore(l.text, [w]) >= 0.5));
  if (absent.length) {
    blocks.splice(best.length ? 1 : 0, 0, {
      kind: 'note',
      title: '资料里没有写',
      lines: [`资料里没有写${product.name}“${absent.join('、')}”的信息，不能替顾客猜。`],
    });
  }
  if (inferred) {
    // Tied name candidates when there are some (the two watches), else same-category hits.
    const pool = e.candidates.length ? e.candidates : passages.map((p) => p.doc);
    const others = pool.filter(
      (d): d is ProductDoc => d.type === 'product' && d.id !== product.id && d.category === product.category,
    );
    const names = [...new Set(others.map((d) => d.name))].slice(0, 2);
    if (names.length)
      blocks.push({
        kind: 'note',
        title: '确认一下型号',
        lines: [`按${product.name}回答；也可能是：${names.join('、')}。`],
      });
  }
  const sources = uniqueSources([
    ...best.map((l) => src(kb.get(l.docId) as KnowledgeDoc, l.section)),
    src(product, best.find((l) => l.docId === product.id)?.section),
    ...(fabe.source ? [fabe.source] : []),
  ]);
  // The product sheet is the primary source of a product answer.
  sources.sort((a, b) => Number(b.id === product.id) - Number(a.id === product.id));
  return {
    title: product.name,
    blocks,
    products: [product.id],
    sources,
    declined: false,
    declineInput,
    ...gapFor(product, absent),
  };
}

/**
 * The case in hand (the conversation's playbook or scenario script) answering a follow-up that
 * names no new product or competitor: its lines that cover what is asked (a playbook's steps
 * when the ask is about the case as a whole), when they cover it at least as well as the
 * product's own documents.
 */
function caseFollowUp(
  kb: LinkingKnowledgeBase,
  question: string,
  e: Entities,
  conversation: ConversationState,
): Built | undefined {
  const doc = conversation.caseDoc ? kb.get(conversation.caseDoc) : undefined;
  if (!doc || !isCaseDoc(doc) || e.competitor || (e.product && !e.fromConversation)) return undefined;
  return answeredByCaseDoc(kb, question, e, doc);
}

/**
 * A policy question in the middle of a sale (过了三天还能换不, 上门安装收钱吗): with the product
 * carried from the conversation, the scenario script or playbook that whole-document retrieval
 * ranks first among those and that covers the ask better than the product's own documents
 * answers it; the product stays in context.
 */
function policyFollowUp(kb: LinkingKnowledgeBase, question: string, e: Entities): Built | undefined {
  if (!e.product || !e.fromConversation || e.competitor || e.describedBy) return undefined;
  const doc = kb
    .searchDocs(question, { types: ['script', 'playbook'], k: 6 })
    .map((h) => h.doc)
    .find(isCaseDoc);
  return doc ? answeredByCaseDoc(kb, question, e, doc) : undefined;
}

/** The lines of a playbook or scenario script that answer a follow-up, when they cover it better than the product's own documents. */
function answeredByCaseDoc(
  kb: LinkingKnowledgeBase,
  question: string,
  e: Entities,
  doc: KnowledgeDoc,
): Built | undefined {
  const names = e.product ? [e.product.name, ...e.product.aliases] : [];
  const docLinesOf = docLines(doc);
  const cov = askCoverage(question, docLinesOf, names);
  if (cov.generic.length && cov.focus.length === 0) return undefined;
  if (e.product) {
    // The case being handled (a playbook) wins a tie with the product's documents; a scenario script must do better.
    const own = askCoverage(question, [e.product, ...kb.scriptsOf(e.product.id)].flatMap(docLines), names);
    const margin = own.features.strict - cov.features.strict;
    if (margin > 0 || (margin === 0 && doc.type !== 'playbook')) return undefined;
  }
  if (shouldDecline({ ...cov.features, strongLink: 1 }, engineState(kb).decline)) return undefined;
  const best = bestLines(docLinesOf, cov.focus, 3);
  const steps = sectionByHeading(doc, /步骤|流程/) ?? sectionByHeading(doc, /处理/);
  const stepLines = steps?.lines.map((text) => ({ docId: doc.id, section: steps.heading, text }));
  const lines = (best.length ? best : (stepLines ?? docLinesOf)).slice(0, 3);
  return {
    title: doc.title,
    blocks: [
      { kind: 'fact', title: doc.type === 'playbook' ? '按处理流程' : '可以这样说', lines: lines.map((l) => l.text) },
    ],
    products: e.product ? [e.product.id] : [],
    sources: uniqueSources([...lines.map((l) => src(doc, l.section)), ...(e.product ? [src(e.product)] : [])]),
    declined: false,
  };
}

const STATUS_TEXT: Record<ProductDoc['status'], string> = { new: '新品', active: '在售', discontinued: '已停产' };

/** The sheet's front matter as a line (上市时间 2025-03-15，新品): a fact of the sheet like any other. */
function frontMatterLines(p: ProductDoc): DocLine[] {
  const text = [p.launchDate ? `上市时间 ${p.launchDate}` : '', STATUS_TEXT[p.status]].filter(Boolean).join('，');
  return [{ docId: p.id, section: '基本信息', text }];
}

/** Up to three products with the asked attributes: name, what matched, one selling line. */
function catalogueAnswer(hits: CatalogueHit[]): Built {
  return {
    title: hits.length > 1 ? `符合条件的有 ${hits.length} 款` : (hits[0]?.product.name ?? ''),
    blocks: [
      {
        kind: 'list',
        title: '可以推荐',
        lines: hits.map(
          (h, i) =>
            `${i + 1}. ${h.product.name}（${h.matched.join('、')}${h.product.price !== undefined ? `，${h.product.price} 元` : ''}）${h.sellingLine ? `：${h.sellingLine}` : ''}`,
        ),
      },
      { kind: 'note', title: '下一步', lines: ['先问顾客最看重哪一点，再带看对应那款。'] },
    ],
    products: hits.map((h) => h.product.id),
    sources: hits.map((h) => src(h.product, h.section)),
    declined: false,
  };
}

/**
 * Selling points, who it suits, price, use, warranty: answered from the sheet's own section
 * for the ask, else from the lines of the sheet (and its scripts) that name it, then FABE.
 * A factual ask the sheet does not state (no warranty line) is said to be missing, never
 * guessed, and logged as a gap.
 */
function genericAnswer(kb: LinkingKnowledgeBase, product: ProductDoc, asks: GenericAsk[], lines: DocLine[]): Built {
  const own = lines.filter((l) => l.docId === product.id || kb.get(l.docId)?.type === 'script');
  const direct: DocLine[] = [];
  const missing: string[] = [];
  let section: string | undefined;
  for (const a of asks) {
    const heading = product.sections.find((s) => a.sections.some((w) => s.heading.includes(w)));
    if (heading) {
      section ??= heading.heading;
      direct.push(...docLines({ ...product, sections: [heading] }).slice(0, 3));
      continue;
    }
    const named = own.filter((l) =>
      [...a.words, ...a.sections].some((w) => l.text.includes(w) || l.section.includes(w)),
    );
    if (named.length) direct.push(...named.slice(0, 2));
    else if (a.needsEvidence) missing.push(a.name);
  }
  const fabe = fabeBlock(kb, product);
  const blocks: ReplyBlock[] = [];
  const seen = new Set<string>();
  const answer = direct.filter((l) => !seen.has(l.text) && seen.add(l.text)).slice(0, 4);
  if (answer.length) blocks.push({ kind: 'fact', title: '直接回答', lines: answer.map((l) => l.text) });
  if (missing.length) {
    blocks.push({
      kind: 'note',
      title: '资料里没写',
      lines: [`${product.name}的资料里没有写明“${missing.join('、')}”，先别替顾客承诺，跟店长确认后再答复。`],
    });
  }
  if (fabe.block) blocks.push(fabe.block);
  if (!answer.length && !fabe.block) {
    const first = docLines(product).slice(0, 3);
    blocks.push({ kind: 'fact', title: product.name, lines: first.map((l) => l.text) });
  }
  const sources = uniqueSources([
    src(product, section ?? answer.find((l) => l.docId === product.id)?.section),
    ...answer.filter((l) => l.docId !== product.id).map((l) => src(kb.get(l.docId) as KnowledgeDoc, l.section)),
    ...(fabe.source ? [fabe.source] : []),
  ]);
  return {
    title: product.name,
    blocks,
    products: [product.id],
    sources,
    declined: false,
    ...gapFor(product, missing),
  };
}

/** Of products tied on weak name evidence, the one retrieval ranks first. */
function pickCandidate(candidates: ProductDoc[], passages: SearchHit[]): ProductDoc | undefined {
  if (candidates.length === 0) return undefined;
  const ids = new Set(candidates.map((c) => c.id));
  const hit = passages.find(
    (p) => ids.has(p.doc.id) || (p.doc.type === 'script' && p.doc.product && ids.has(p.doc.product)),
  );
  const id = hit ? (hit.doc.type === 'script' ? hit.doc.product : hit.doc.id) : candidates[0]?.id;
  return candidates.find((c) => c.id === id);
}

/** A product of the same category whose documents do answer the focus (日用款没有 XXL，夜用款有). */
function siblingWithAnswer(
  kb: LinkingKnowledgeBase,
  product: ProductDoc,
  focus: string[],
): { doc: ProductDoc; line: DocLine } | undefined {
  if (!product.category) return undefined;
  for (const sib of kb.products()) {
    if (sib.id === product.id || sib.category !== product.category) continue;
    const hit = bestLines(docLines(sib), focus, 1)[0];
    if (hit && hit.score >= focus.length * 0.7) return { doc: sib, line: hit };
  }
  return undefined;
}

function topProductFromPassages(
  kb: LinkingKnowledgeBase,
  question: string,
  passages: SearchHit[],
): ProductDoc | undefined {
  const top = passages[0];
  if (!top) return undefined;
  const doc = top.doc;
  const focus = focusWords(question, []);
  // Without a named product, only a passage that clearly matches the question may pick one.
  if (lineScore(`${doc.title} ${top.text}`, focus) < Math.max(1.5, focus.length * 0.5)) return undefined;
  if (doc.type === 'product') return doc;
  if (doc.type === 'script' && doc.product) return kb.get(doc.product) as ProductDoc | undefined;
  if (doc.type === 'competitor' && doc.versus.length === 1)
    return kb.get(doc.versus[0] ?? '') as ProductDoc | undefined;
  return undefined;
}

/** Two of our own products side by side (Pro2 跟 Lite 有啥区别). */
function ownCompareAnswer(question: string, a: ProductDoc, b: ProductDoc): Built {
  const focus = focusWords(question, [...names(a), ...names(b)]);
  const linesOf = (p: ProductDoc, other: ProductDoc) => {
    const all = docLines(p);
    // A line that names the other product is the pack's own statement of the difference.
    const direct = all.filter((l) => names(other).some((n) => n.length >= 2 && l.text.includes(n)));
    const asked = focus.length ? bestLines(all, focus, 2) : [];
    const points =
      sectionByHeading(p, /卖点|特点|亮点/)
        ?.lines.slice(0, 2)
        .map((text) => ({ text, section: '核心卖点' })) ?? [];
    return [...direct.slice(0, 1), ...asked, ...points]
      .filter((l, i, arr) => arr.findIndex((x) => x.text === l.text) === i)
      .slice(0, 3);
  };
  const la = linesOf(a, b);
  const lb = linesOf(b, a);
  return {
    title: `${a.name} 对比 ${b.name}`,
    blocks: [
      { kind: 'compare', title: a.name, lines: la.map((l) => l.text) },
      { kind: 'compare', title: b.name, lines: lb.map((l) => l.text) },
      {
        kind: 'note',
        title: '怎么推荐',
        lines: ['先问顾客最看重什么（预算、功能、使用场景），再按上面的差异推荐，不贬低另一款。'],
      },
    ],
    products: [a.id, b.id],
    sources: uniqueSources([src(a, la[0]?.section), src(b, lb[0]?.section)]),
    declined: false,
  };
}

function compareAnswer(
  kb: LinkingKnowledgeBase,
  question: string,
  e: Entities,
  passages: SearchHit[],
  /** What was typed, without an ask carried over from the last question (跟X比呢): only a head typed here declines. */
  typed = question,
): Built {
  const second = e.otherProducts[0];
  if (!e.competitor && e.product && second) return ownCompareAnswer(question, e.product, second);
  let comp: CompetitorDoc | undefined = e.competitor;
  if (!comp) {
    if (mentionsUnknownBrand(kb, question, e)) {
      const who = unknownBrand(kb, question, e) ?? '这个品牌';
      return declined(
        e.product ? `${e.product.name} 对比` : '竞品对比',
        `资料里没有“${who}”的竞品信息，不能编参数对比。可以先讲清我们自己产品的卖点。`,
        e,
        e.product ? [src(e.product)] : [],
      );
    }
    comp = passages
      .map((p) => p.doc)
      .find((d): d is CompetitorDoc => d.type === 'competitor' && (!e.product || d.versus.includes(e.product.id)));
  }
  if (!comp) {
    return e.product
      ? declined(e.product.name, `资料里没有${e.product.name}的竞品对比信息。`, e, [src(e.product)])
      : declined('竞品对比', '没有找到相关的竞品资料。', e);
  }
  const product = e.product ?? (kb.get(comp.versus[0] ?? '') as ProductDoc | undefined);
  const ent: Entities = { ...e, competitor: comp, ...(product ? { product } : {}) };
  // The wh-phrase (哪个厂家, 多少瓦) must be in the comparison's documents, or the bot declines.
  // Only a noun (or a term general Chinese does not know) is a fact asked: 哪个厂家 is, 哪个清爽 asks which is better.
  const head = askedHead(typed, [...names(comp), ...names(product)])?.filter((h) => {
    const tag = generalTag(h);
    return tag === undefined || tag.startsWith('n');
  });
  if (head?.length) {
    const pool = [comp, ...(product ? [product, ...kb.scriptsOf(product.id)] : [])].flatMap(docLines);
    if (headCovered(typed, pool, [...names(comp), ...names(product)]) === false) {
      return declined(
        `${product?.name ?? '我们'} 与 ${shortBrand(comp)}`,
        `资料里没有${product?.name ?? '我们产品'}和${shortBrand(comp)}之间“${head[0]}”的信息，不能替顾客猜。`,
        ent,
        [src(comp), ...(product ? [src(product)] : [])],
      );
    }
  }
  const table = sectionByHeading(comp, /对比|参数|差异/);
  const ourNames = names(product);
  const rows = (table?.lines ?? []).map((l) => filterColumns(l, ourNames, comp, product));
  const talk = sectionByHeading(comp, /话术|应对|怎么说/);
  const focus = focusWords(question, [...names(comp), ...ourNames]);
  const ranked = rows.length ? rows.map((r) => ({ r, s: lineScore(r, focus) })).sort((a, b) => b.s - a.s) : [];
  const diff = ranked
    .filter((x) => x.s > 0.3)
    .slice(0, 3)
    .map((x) => x.r);
  const rest = rows.filter((r) => !diff.includes(r));
  // Table rows hold cells (｜); the prose lines of the section state the honest difference.
  const tableRows = rest.filter((r) => r.includes('｜'));
  const honest = rest.filter((r) => !r.includes('｜'));
  const blocks: ReplyBlock[] = [];
  // First screen: what was asked, the honest difference, what to say; the full table after 更多.
  if (diff.length) blocks.push({ kind: 'fact', title: '你问的这点', lines: diff });
  if (honest.length) blocks.push({ kind: 'fact', title: '差别在哪（如实说）', lines: honest.slice(0, 3) });
  if (talk) blocks.push({ kind: 'script', title: '应对话术', lines: talk.lines.slice(0, 4) });
  if (tableRows.length)
    blocks.push({
      kind: 'compare',
      title: `对比要点（${shortBrand(comp)} vs ${product?.name ?? '我们'}）`,
      lines: tableRows.slice(0, 8),
    });
  const fabe = product ? fabeBlock(kb, product) : {};
  const sources = uniqueSources([
    src(comp, table?.heading),
    ...(product ? [src(product)] : []),
    ...(fabe.source ? [fabe.source] : []),
  ]);
  return {
    title: `${product?.name ?? '我们'} 对比 ${shortBrand(comp)}`,
    blocks,
    products: product ? [product.id] : [],
    sources,
    declined: false,
  };
}

function shortBrand(c: CompetitorDoc): string {
  return c.brand.split(/\s+/)[0] ?? c.brand;
}

/** Keeps the label, the competitor's column and our product's column of a comparison row. */
function filterColumns(row: string, ourNames: string[], comp: CompetitorDoc, product?: ProductDoc): string {
  const [label, rest] = row.split('：');
  if (!rest) return row;
  const cells = rest.split('｜');
  if (cells.length <= 2) return row;
  const brand = shortBrand(comp);
  const keep = cells.filter(
    (c) =>
      c.includes(brand) ||
      ourNames.some((n) => n.length >= 2 && c.includes(n)) ||
      (product && c.includes(product.name.slice(-4))),
  );
  return keep.length >= 2 ? `${label}：${keep.join('｜')}` : row;
}

/** A comparison that names a brand we have no competitor document for (某某牌的保温杯跟咱…比). */
function mentionsUnknownBrand(kb: LinkingKnowledgeBase, question: string, e: Entities): boolean {
  return unknownBrand(kb, question, e) !== undefined;
}

/** In a comparison, a leading term we have no document for is a brand we cannot compare with. */
function unknownBrand(kb: LinkingKnowledgeBase, question: string, e: Entities): string | undefined {
  return e.competitor ? undefined : unknownTerm(kb, question);
}

function complaintAnswer(kb: LinkingKnowledgeBase, question: string, e: Entities, passages: SearchHit[]): Built {
  const [pb, alt] = pickPlaybooks(kb, question, passages);
  if (!pb) return declined('投诉处理', '资料里没有匹配这个情况的投诉处理流程。', e);
  const steps = sectionByHeading(pb, /步骤|流程/) ?? sectionByHeading(pb, /处理/);
  const talk = sectionByHeading(pb, /话术|怎么说|用语/);
  const taboo = sectionByHeading(pb, /禁忌|不要|避免|红线/);
  const severity = { low: '一般', medium: '较重', high: '严重' }[pb.severity];
  const blocks: ReplyBlock[] = [];
  if (steps)
    blocks.push({ kind: 'steps', title: '处理步骤（先道歉 → 再确认 → 后解决）', lines: steps.lines.slice(0, 8) });
  if (talk) blocks.push({ kind: 'script', title: '可以这样说', lines: talk.lines.slice(0, 3) });
  if (taboo) blocks.push({ kind: 'taboo', title: '千万别说/别做', lines: taboo.lines.slice(0, 4) });
  blocks.push({
    kind: 'sla',
    title: '时限',
    lines: [
      `严重程度：${severity}；首次响应须在 ${pb.slaHours} 小时内${pb.severity === 'high' ? '，并立即报告店长' : ''}。`,
    ],
  });
  const altSteps = alt && (sectionByHeading(alt, /步骤|流程/) ?? sectionByHeading(alt, /处理/));
  if (alt && altSteps?.lines[0]) {
    blocks.push({ kind: 'note', title: `如果更像“${alt.title}”`, lines: [altSteps.lines[0]] });
  }
  const sources = uniqueSources([
    src(pb, steps?.heading),
    ...(e.product ? [src(e.product)] : []),
    ...(alt && altSteps ? [src(alt, altSteps.heading)] : []),
  ]);
  return { title: pb.title, blocks, products: e.product ? [e.product.id] : [], sources, declined: false };
}

/** Particles and suffixes that say nothing about the situation (了, 的, 子). */
const PARTICLES = new Set(Array.from('了的子儿吗呢啊着过得地'));

/**
 * The playbook whose triggers the question hits most (ties broken by retrieval rank), and a
 * runner-up when the choice is close enough that the associate should see both.
 */
export function pickPlaybooks(
  kb: LinkingKnowledgeBase,
  question: string,
  passages: SearchHit[],
): [PlaybookDoc | undefined, PlaybookDoc | undefined] {
  const q = question.replace(/\s+/g, '');
  // Best fused retrieval score per playbook, relative to the best one (1 = top).
  const best = new Map<string, number>();
  for (const p of passages) if (p.doc.type === 'playbook' && !best.has(p.doc.id)) best.set(p.doc.id, p.score);
  const top = Math.max(0, ...best.values());
  const playbooks = kb.all().filter((d): d is PlaybookDoc => d.type === 'playbook');
  const scored = playbooks.map((pb) => {
    // A trigger written out counts in full; one whose content characters are all there, in other
    // words (把手断了 ~ 车把断了), counts half.
    const hits = pb.triggers.reduce((sum, raw) => {
      const t = raw.replace(/\s+/g, '');
      const chars = Array.from(t);
      if (chars.length < 2) return sum;
      if (q.includes(t)) return sum + Math.min(chars.length, 4);
      const content = chars.filter((c) => !PARTICLES.has(c));
      return content.length >= 2 && content.every((c) => q.includes(c)) ? sum + Math.min(chars.length, 4) / 2 : sum;
    }, 0);
    const rel = top > 0 ? (best.get(pb.id) ?? 0) / top : 0;
    return { pb, score: hits * 2 + rel * 3 };
  });
  scored.sort((a, b) => b.score - a.score);
  const [first, second] = scored;
  if (!first || first.score <= 0) return [undefined, undefined];
  return [first.pb, second && second.score >= first.score * 0.5 ? second.pb : undefined];
}

/**
 * The scenario script that answers a question naming no product of ours: the first document of
 * the whole-document ranking over every type, when it is a scenario script and the decline model
 * finds the ask covered by its lines.
 */
function scenarioFor(kb: LinkingKnowledgeBase, question: string, e: Entities): ScriptDoc | undefined {
  if (e.product && e.strongLink) return undefined;
  const top = leadingScenario(kb, question);
  if (!top) return undefined;
  // With nothing named, every asked word must be in the script, at least by its characters in one line (停车 is not in a gift script).
  const cov = askCoverage(question, docLines(top), []);
  if (cov.absent.length || shouldDecline({ ...cov.features, strongLink: 0 }, engineState(kb).decline)) return undefined;
  return top;
}

/** True when whole-document retrieval ranks a scenario script (one about no product) first. */
function scenarioLeads(kb: LinkingKnowledgeBase, question: string): boolean {
  return leadingScenario(kb, question) !== undefined;
}

/** The scenario script (one about no product) that whole-document retrieval ranks first, if it does. */
function leadingScenario(kb: LinkingKnowledgeBase, question: string): ScriptDoc | undefined {
  const top = kb.searchDocs(question, { k: 1 })[0]?.doc;
  return top?.type === 'script' && !top.product ? top : undefined;
}

/** The knowledge gap to record when a product's documents do not state what was asked. */
function gapFor(product: ProductDoc, missing: string[]): { gap?: string } {
  return missing.length ? { gap: `资料里没有写明${product.name}的${missing.join('、')}` } : {};
}

/** Position of a document in a ranking, past the end when absent. */
function rankOf(ranked: KnowledgeDoc[], id: string): number {
  const i = ranked.findIndex((d) => d.id === id);
  return i < 0 ? ranked.length : i;
}

function objectionAnswer(
  kb: LinkingKnowledgeBase,
  question: string,
  e: Entities,
  passages: SearchHit[],
  chosen?: ScriptDoc,
): Built {
  // Scripts in whole-document retrieval order: a scenario script leads when it ranks above the
  // product's own FABE script and covers the ask (a worry about returning an opened box → the script that states the return rule).
  const ranked = kb.searchDocs(question, { k: 10 }).map((h) => h.doc);
  // No product told apart (护脊 fits two mattresses): the first-ranked script's product, when that script is a product's FABE.
  const topScript = ranked.find((d) => d.type === 'script');
  const fromScript =
    !e.product && topScript?.type === 'script' && topScript.product
      ? (kb.get(topScript.product) as ProductDoc | undefined)
      : undefined;
  const product = e.product ?? (fromScript?.type === 'product' ? fromScript : undefined);
  // Products named or in question are what the objection is about, not what the script must say.
  const named = [product, ...e.otherProducts, ...e.candidates].flatMap((d) => names(d));
  const covers = (d: KnowledgeDoc) =>
    !shouldDecline({ ...askCoverage(question, docLines(d), named).features, strongLink: 0 }, engineState(kb).decline);
  const fabe = product ? fabeBlock(kb, product) : {};
  // What the objection says, without the names of the products it is about (怕用不完浪费): ranks the scripts for the worry itself.
  const worry = askedText(question, named);
  const byWorry = named.length ? kb.searchDocs(worry, { k: 10 }).map((h) => h.doc) : ranked;
  // Beside a named product (not one guessed from a script), a scenario script speaks only when it ranks among the first three.
  let scenario =
    chosen ??
    byWorry.find((d, i): d is ScriptDoc => d.type === 'script' && !d.product && (!e.product || i < 3) && covers(d));
  if (!scenario && !fabe.block) {
    const viaProduct = productAnswer(kb, question, e, passages);
    if (product || (!viaProduct.declined && viaProduct.sources.length)) return viaProduct;
    // Nothing named and no product found: the scenario script whole-document retrieval ranks first.
    scenario = kb
      .searchDocs(question, { types: ['script'], k: 10 })
      .map((h) => h.doc)
      .find((d): d is ScriptDoc => d.type === 'script' && !d.product);
    if (!scenario) return viaProduct;
  }
  const scenarioFirst =
    scenario !== undefined &&
    rankOf(byWorry, scenario.id) < Math.min(rankOf(byWorry, fabe.source?.id ?? ''), rankOf(byWorry, product?.id ?? ''));
  const blocks: ReplyBlock[] = [];
  if (scenario) {
    const steps = sectionByHeading(scenario, /步骤|流程|方法/) ?? sectionByHeading(scenario, /处理/);
    if (steps) blocks.push({ kind: 'steps', title: '处理思路', lines: steps.lines.slice(0, 6) });
    const examples = sectionByHeading(scenario, /话术|示例|怎么说/);
    if (examples) {
      const pNames = names(product);
      const mine = examples.lines.filter(
        (l) =>
          pNames.some((n) => n.length >= 2 && l.includes(n)) || (product?.price && l.includes(String(product.price))),
      );
      const category = product?.category;
      const chosen = mine.length
        ? mine
        : examples.lines
            .filter((l) => category && l.includes(category))
            .concat(examples.lines)
            .slice(0, 2);
      blocks.push({ kind: 'script', title: '可以这样说', lines: chosen.slice(0, 2) });
    }
  }
  if (fabe.block) blocks.push(fabe.block);
  const taboo = scenario && sectionByHeading(scenario, /禁忌|不要|避免/);
  if (taboo) blocks.push({ kind: 'taboo', title: '千万别说/别做', lines: taboo.lines.slice(0, 3) });
  const sources = uniqueSources([
    ...(scenario ? [src(scenario, '话术示例')] : []),
    ...(fabe.source ? [fabe.source] : []),
    ...(product ? [src(product)] : []),
  ]);
  // The argument comes first: the named product's own FABE script, else the scenario script;
  // the product sheet backs it up.
  if (product) {
    const lead = (id: string) => (scenarioFirst ? id === scenario?.id : id === fabe.source?.id && id !== product.id);
    const rank = (id: string) =>
      lead(id) ? 0 : id === scenario?.id || id === fabe.source?.id ? 1 : id === product.id ? 2 : 3;
    sources.sort((a, b) => rank(a.id) - rank(b.id));
  }
  return {
    title: scenario ? scenario.title : `${product?.name ?? ''} 差异化卖点`,
    blocks,
    products: product ? [product.id] : [],
    sources,
    declined: false,
  };
}

export type { DocLine };
