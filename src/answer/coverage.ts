import { normalizeText, STOPWORDS } from '../knowledge/normalize.js';
import { syllables } from '../knowledge/pinyin.js';
import { corpusLineCount } from './engine-state.js';
import type { DocLine } from './extract-lines.js';
import { amountNotStated, askedMeasures, askedText, focusWords, lineScore, measureOf } from './focus.js';
import asksJson from './lexicons/generic-asks.json' with { type: 'json' };
import markersJson from './lexicons/question-markers.json' with { type: 'json' };
import { charTag, generalFrequency, generalTag, hasGeneralDictionary } from './spell/create-speller.js';

export interface GenericAsk {
  name: string;
  words: string[];
  sections: string[];
  /** A fact the sheet must state (price, use, warranty); the others fall back to selling points. */
  needsEvidence: boolean;
}

/** Wh-words: the word right after one is what the question asks for (哪个厂家, 多少瓦). */
const WH = ['哪个', '哪家', '哪', '什么', '啥', '多少', '几'];

const ASKS: GenericAsk[] = asksJson.asks;
const MARKERS: string[] = markersJson.markers;

/** A money amount in a line (1299 元, ¥89). */
const PRICE = /\d\s*元|[¥￥]\s*\d/;

/** Credit for a word whose characters occur only apart (篮子 ~ 炸篮, 接电话 ~ 通话). */
const PARTIAL_CHAR_CREDIT = 0.2;

/** The clauses of a message that ask something (the rest is shop-floor context). */
export function askClauses(question: string): string[] {
  const clauses = normalizeText(question)
    .split(/[\s，,。.!！?？;；、~～]+/)
    .filter(Boolean);
  const asking = clauses.filter((c) => MARKERS.some((m) => c.includes(m)));
  return asking.length ? asking : clauses;
}

/** The generic asks (卖点, 适合谁, 多少钱…) a question makes. */
export function genericAsks(question: string): GenericAsk[] {
  const q = normalizeText(question).replace(/\s+/g, '');
  return ASKS.filter((a) => a.words.some((w) => q.includes(w)));
}

/**
 * The asked head of a clause, if a wh-word introduces one: the word after it (哪个厂家 →
 * 厂家), or for bare 哪 + one character, where it happens (哪产 → 产地/产自/产区).
 * Returns the forms any of which answers it.
 */
export function askedHead(question: string, entityNames: string[]): string[] | undefined {
  for (const clause of askClauses(question)) {
    // Identity questions only: after 几/多少 comes a measure (几个点, 多少豆子), answered by the number.
    for (const wh of ['哪个', '哪家', '哪', '什么', '啥']) {
      const at = clause.indexOf(wh);
      if (at < 0) continue;
      const rest = clause.slice(at + wh.length);
      if (wh === '哪') {
        const x = /^([\p{Script=Han}])(?:的|$)/u.exec(rest)?.[1];
        if (x && !'个家款种些里儿位样'.includes(x)) return [`${x}地`, `${x}自`, `${x}区`, `${x}于`];
      }
      // 什么时候 / 啥时候 asks when: any date answers it.
      if (/^时候/.test(rest)) return ['年', '月', '日期', '时间', '上市'];
      const generic = genericAsks(rest).flatMap((a) => a.words);
      // The head is a noun (哪个厂家, 什么材质); after 哪个 a verb or adverb (哪个更耐脏, 哪个背着更舒服) compares, it does not name a fact.
      const head = focusWords(rest, entityNames).find(
        (w) =>
          Array.from(w).length >= 2 &&
          !generic.some((g) => g.includes(w) || w.includes(g)) &&
          (!hasGeneralDictionary() || (generalTag(w)?.startsWith('n') ?? false)),
      );
      if (head) return [head];
    }
  }
  return undefined;
}

/** False when the question's wh-phrase is asked and no line answers it; undefined when there is none. */
export function headCovered(question: string, lines: DocLine[], entityNames: string[]): boolean | undefined {
  const forms = askedHead(question, entityNames);
  if (!forms) return undefined;
  return forms.some((f) => lines.some((l) => lineScore(l.text, [f]) >= 0.5));
}

export interface Coverage {
  /** 0..1, length-weighted share of the asked words that the lines answer. */
  coverage: number;
  focus: string[];
  uncovered: string[];
  /** Asked words not found whose characters no single line holds either: what the pack does not say. */
  absent: string[];
  generic: GenericAsk[];
  /** Evidence for the decline decision (decide/decline-model.ts). */
  features: CoverageFeatures;
}

/** What the decline model weighs: how much of the ask the evidence misses, and how. */
export interface CoverageFeatures {
  /** The weighted coverage above (partial character credit included). */
  coverage: number;
  /** Weighted share of asked words found outright (no partial credit). */
  strict: number;
  /** Weight of the heaviest word not found, over all the asked weight (0 when all are found). */
  topMissing: number;
  /** 1 when a Latin or digit-letter term (aptX, NFC, 5G) is asked and not found. */
  latinMissing: number;
  /** 1 when the wh-phrase's head (哪个厂家 → 厂家) is asked and not found. */
  headMissing: number;
  /** ln(1 + number of asked words). */
  asked: number;
  /** 1 when an asked noun (or a term general Chinese does not know: 滤芯, HomeKit, aptX) is not found. */
  nounMissing: number;
  /**
   * Weighted share of the asked words that one line holds together (the best line): the part's
   * name and a price in different lines do not say what the part costs.
   */
  together: number;
  /**
   * Weighted share of the asked words not found whose characters no single line holds
   * (以旧换新 with 旧 and 新 in different lines), as against a paraphrase whose characters
   * one line does hold (机洗 ~ 洗衣机…洗).
   */
  unexplained: number;
  /** 1 when a fact (price, use, warranty) is asked about a word of the question and no line states the fact with that word. */
  factApart: number;
  /**
   * Share of the asked content characters that no span of two or more characters found in the
   * evidence (as written or by pinyin) covers: coverage that does not depend on segmentation.
   */
  residue: number;
  /** The longest run of such uncovered content characters, over 4 (capped at 1): a whole concept the evidence lacks. */
  residueRun: number;
  /** Share of the asked content characters that neither the evidence nor any document of the pack covers: a concept the pack never mentions. */
  packAbsent: number;
  /** 1 when an exact amount is asked (1.5升的, 2米2) and the evidence states others in that dimension but not it. */
  amountMissing: number;
}

/** A character that only carries grammar (不, 吗, 才, 着, 个): jieba tags it adverb, particle, pronoun, classifier… */
function functionChar(c: string): boolean {
  if (STOPWORDS.has(c)) return true;
  const tag = charTag(c);
  return tag !== undefined && /^(?:d|p|c|u|y|r|q|m|e|o|zg|f)/.test(tag);
}

/** A text to look spans up in: as written (spaces dropped) and as toneless syllables (homophone typos). */
interface SpanText {
  flat: string;
  syl: string;
}

function spanText(text: string): SpanText {
  const flat = normalizeText(text).replace(/\s+/g, '');
  return { flat, syl: ` ${syllables(flat).join(' ')} ` };
}

let packSpans: { text: string; spans: SpanText } | undefined;
/** The whole pack's span text, built once per pack text. */
function packSpanText(text: string): SpanText {
  if (packSpans?.text !== text) packSpans = { text, spans: spanText(text) };
  return packSpans.spans;
}

/**
 * Per character of `chars`, whether the text covers it: a span of two or more characters around
 * it occurs there (or sounds the same), or, standing alone between grammar characters, it occurs itself.
 */
function coveredChars(chars: string[], t: SpanText): boolean[] {
  const found = (span: string) => t.flat.includes(span) || t.syl.includes(` ${syllables(span).join(' ')} `);
  const covered = chars.map(() => false);
  for (let i = 0; i < chars.length; i++)
    for (let j = chars.length; j >= i + 2; j--) {
      if (!found(chars.slice(i, j).join(''))) continue;
      for (let k = i; k < j; k++) covered[k] = true;
      break;
    }
  chars.forEach((c, i) => {
    const alone =
      (i === 0 || functionChar(chars[i - 1] ?? '')) && (i === chars.length - 1 || functionChar(chars[i + 1] ?? ''));
    if (alone && t.flat.includes(c)) covered[i] = true;
  });
  return covered;
}

/**
 * Which asked characters the evidence covers, read without segmentation (see `coveredChars`);
 * with the pack's whole text, also which of the uncovered ones the pack states nowhere.
 */
export function askResidue(
  question: string,
  lines: DocLine[],
  entityNames: string[],
  removed: string[],
  packText?: string,
): { residue: number; residueRun: number; packAbsent: number } {
  let text = askedText(askClauses(question).join(' '), entityNames);
  for (const w of [...removed, ...MARKERS, ...WH].sort((a, b) => b.length - a.length))
    if (w) text = text.split(w).join(' ');
  // 多大, 多高, 多久: "how" with an adjective asks a measure, like 多少.
  text = text.replace(/多[大高长重久远厚宽深粗少]/g, ' ');
  const evidence = spanText(lines.map((l) => l.text).join(' '));
  const pack = packText ? packSpanText(packText) : undefined;
  let content = 0;
  let uncovered = 0;
  let absent = 0;
  let longest = 0;
  for (const run of text.match(/\p{Script=Han}+/gu) ?? []) {
    const chars = Array.from(run);
    const here = coveredChars(chars, evidence);
    const anywhere = pack ? coveredChars(chars, pack) : here;
    let current = 0;
    chars.forEach((c, i) => {
      if (functionChar(c)) {
        current = 0;
        return;
      }
      content++;
      if (here[i]) {
        current = 0;
        return;
      }
      uncovered++;
      if (!anywhere[i]) absent++;
      current++;
      longest = Math.max(longest, current);
    });
  }
  return {
    residue: content ? uncovered / content : 0,
    residueRun: Math.min(1, longest / 4),
    packAbsent: content ? absent / content : 0,
  };
}

/**
 * How well `lines` cover what the question asks: the content words of its asking clauses,
 * minus entity names, generic asks and question words, each found exactly, by pinyin, by a
 * measurement expansion or by shared bigrams (lineScore).
 */
export function askCoverage(question: string, docLines: DocLine[], entityNames: string[], packText?: string): Coverage {
  // A line answers under its heading too (保质期: 12 个月 under the heading 保质期).
  const lines = docLines.map((l) => (l.section ? { ...l, text: `${l.section} ${l.text}` } : l));
  const generic = genericAsks(question);
  const genericWords = generic.flatMap((a) => a.words);
  const measures = askedMeasures(question);
  const focus = focusWords(askClauses(question).join(' '), entityNames).filter(
    (w) =>
      !measures.some((m) => m.asked.endsWith(w)) &&
      !genericWords.some((g) => g.includes(w) || w.includes(g)) &&
      !MARKERS.includes(w) &&
      // 几天/几个/多久: the measure asked, answered by whatever the head noun's line says.
      !WH.some((m) => w.startsWith(m)) &&
      !/^[多几]/.test(w),
  );
  let total = 0;
  let got = 0;
  let strictGot = 0;
  let topMissing = 0;
  let latinMissing = 0;
  let nounMissing = 0;
  let unexplained = 0;
  let heaviest: string | undefined;
  let heaviestWeight = 0;
  const uncovered: string[] = [];
  const absent: string[] = [];
  // Per line, the weight of the asked words it holds outright.
  const inLine = new Float64Array(lines.length);
  const credit = (test: (l: DocLine, i: number) => boolean, weight: number) => {
    lines.forEach((l, i) => {
      if (test(l, i)) inLine[i] = (inLine[i] ?? 0) + weight;
    });
  };
  /** A measure asked counts as one asked word, found when any line states a number in its dimension. */
  const askMeasure = (label: string, re: RegExp) => {
    total += 1;
    credit((l) => re.test(l.text), 1);
    if (lines.some((l) => re.test(l.text))) {
      got += 1;
      strictGot += 1;
    } else {
      uncovered.push(label);
      topMissing = Math.max(topMissing, 1);
    }
  };
  for (const w of focus) {
    // 两岁, 3个月 (not 一罐/一次, which count rather than ask): a number with its unit asks along that unit; any number in that unit answers it.
    const re = measureOf(w);
    if (re) {
      askMeasure(w, re);
      continue;
    }
    // Words every associate uses (能用, 一次, 自己) say little about what is asked; rare ones say most.
    // Inverse frequency in associates' language (the corpus) and in general Chinese (jieba's dictionary).
    const weight =
      (Array.from(w).length >= 2 ? 1 : 0.3) /
      (1 + Math.log1p(corpusLineCount(w))) /
      (1 + Math.log10(1 + generalFrequency(w)) / 3);
    // One pass over the lines: each line's score for the word (used for coverage and for `together`).
    const scores = lines.map((l) => lineScore(l.text, [w]));
    let best = Math.max(0, ...scores);
    // Partial credit for the characters of the word found anywhere (篮子 ~ 炸篮, 接电话 ~ 通话).
    const chars = Array.from(w).filter((c) => /\p{Script=Han}/u.test(c));
    if (best < 0.5 && chars.length >= 2) {
      const found = chars.filter((c) => lines.some((l) => l.text.includes(c))).length;
      best = Math.max(best, (PARTIAL_CHAR_CREDIT * found) / chars.length);
    }
    total += weight;
    if (weight > heaviestWeight) {
      heaviestWeight = weight;
      heaviest = w;
    }
    credit((_l, i) => (scores[i] ?? 0) >= 0.5, weight);
    got += weight * Math.min(1, best);
    if (best >= 0.5) strictGot += weight * Math.min(1, best);
    else {
      uncovered.push(w);
      topMissing = Math.max(topMissing, weight);
      let together = 0;
      if (chars.length)
        for (const l of lines)
          together = Math.max(together, chars.filter((c) => l.text.includes(c)).length / chars.length);
      unexplained += weight * (1 - together);
      if (together < 1 && chars.length >= 2) absent.push(w);
      if (/[a-z]{2,}|\d[a-z]|[a-z]\d/i.test(w)) latinMissing = 1;
      const tag = generalTag(w);
      // A word jieba does not know is a name or term (HomeKit, aptX) — only where its dictionary is there to ask.
      const noun = tag === undefined ? hasGeneralDictionary() : tag.startsWith('n');
      if (Array.from(w).length >= 2 && noun) nounMissing = 1;
    }
  }
  // 多少g, 几斤: a measure asked by its unit, answered by any number in that dimension.
  for (const { asked, re } of measures) askMeasure(asked, re);
  // The wh-phrase is the asked concept: if the evidence lacks it, nearby words do not answer it.
  // A factual generic ask (保修几年) counts as one asked word, answered by a line or heading that names it.
  let factApart = 0;
  for (const a of generic.filter((x) => x.needsEvidence)) {
    const names = [...a.words, ...a.sections];
    total += 1;
    const hasName = (l: DocLine) =>
      names.some((n) => l.text.includes(n) || l.section.includes(n)) || (a.name === '价格' && PRICE.test(l.text));
    credit(hasName, 1);
    // 换个配件多少钱: the price must be stated with the thing asked about, not only somewhere on the sheet.
    if (heaviest && !lines.some((l) => hasName(l) && lineScore(l.text, [heaviest]) >= 0.5)) factApart = 1;
    if (lines.some(hasName)) {
      got += 1;
      strictGot += 1;
    } else {
      uncovered.push(a.name);
      topMissing = Math.max(topMissing, 1);
    }
  }
  const headMissing = headCovered(question, lines, entityNames) === false;
  const coverage = headMissing ? 0 : total ? got / total : 1;
  const features: CoverageFeatures = {
    coverage,
    strict: total ? strictGot / total : 1,
    topMissing: total ? topMissing / total : 0,
    latinMissing,
    headMissing: headMissing ? 1 : 0,
    asked: Math.log1p(focus.length),
    nounMissing,
    together: total ? Math.min(1, Math.max(0, ...inLine) / total) : 1,
    unexplained: total ? unexplained / total : 0,
    factApart,
    ...askResidue(question, lines, entityNames, [...genericWords, ...measures.map((m) => m.asked)], packText),
    amountMissing: amountNotStated(
      askClauses(question).join(' '),
      lines.map((l) => l.text),
    )
      ? 1
      : 0,
  };
  return { coverage, focus, uncovered, absent, generic, features };
}
