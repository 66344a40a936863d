import type { ConversationState } from '../core/conversation.js';
import type { Intent } from '../core/reply.js';
import { contentWords } from '../knowledge/analyzer.js';
import { syllables } from '../knowledge/pinyin.js';
import { compact } from '../knowledge/surface-matcher.js';
import type { IntentClassifier } from '../ports/intent.js';
import type { KnowledgeBase, PlaybookDoc, ScriptDoc } from '../ports/knowledge.js';

/** Explicit report prefixes: the associate is filing something, not asking. */
export const REPORT_PREFIX = /^(?:反馈|投诉|上报|记一下|记录一下|记录|登记|报备|反映|竞品)[下个一]?\s*[：:，,\s]/;
export const COMMAND = /^\s*[/／]|^(?:工单|结单|采纳|驳回|积分榜|我的成长|帮助|菜单)(?:\s|#|$|＃)/;
export const QUIZ_ANSWER = /^\s*(?:\d{1,2}\s*[.、:：-]?\s*[A-Da-d]\s*[,，;；、\s]*)+$/;
const CONTACT =
  /(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}|尾号\s*\d{3,4}|[\p{Script=Han}][先女]士|[\p{Script=Han}]小姐|电话|手机号/u;

const COMPLAINT_WORDS =
  /退货|退款|退钱|要退|换货|要换|投诉|闹|骂人|骂|赔|12315|消协|曝光|差评|不满|生气|火大|火挺大|发火|坏了|破损|破了|过敏|发红|红肿|答应|承诺|说好|没给|没兑现|排队|等了|等太久|没到|没收到|延迟|慢死|维修|修了|质量问题|不退|不给退|起诉|律师|媒体/g;
const CAPABILITY_QUESTION =
  /能(?:不能)?[吃用喝穿戴洗装带]|可以[吃用喝穿戴洗]|能.{0,6}吗|行不|适合|适不适合|会不会|正常不|正常吗/;
const OBJECTION_WORDS =
  /嫌贵|嫌.{1,8}贵|太贵|贵了|有点贵|好贵|便宜点|便宜些|打个?折|优惠点|犹豫|考虑考虑|再考虑|再看看|再想想|不如|凭啥|凭什么|哪家都一样|都差不多|网上便宜|网上.{0,4}便宜|拼多多|拼夕夕|淘宝|京东|划算|值不值|不值|舍不得|没必要|用不着/g;
const COMPARE_WORDS = /比|对比|差在哪|差别|区别|不一样|哪个好|谁强|谁好|强在|好在哪|隔壁|对面|别家|那家|竞品|人家的/g;
const ELLIPTIC = /^(?:那|那么|还有)?.{0,8}呢[?？]?$|^(?:它|这款|这个|那款|那个)/;

interface Lexicon {
  version: number;
  triggers: { word: string; syl: string }[];
  scenarioWords: string[];
}

/**
 * The default, rule/feature-based intent classifier. Generic retail lexicons plus signals
 * taken from the pack itself (playbook triggers, competitor brands, scenario-script tags),
 * so it adapts to a pack it has never seen.
 */
export function createRuleClassifier(
  kb: KnowledgeBase & { linkCompetitors?(t: string): { entityId: string }[] },
): IntentClassifier {
  let lex: Lexicon | undefined;
  const lexicon = (): Lexicon => {
    if (lex && lex.version === kb.version) return lex;
    const docs = kb.all();
    const triggers = docs
      .filter((d): d is PlaybookDoc => d.type === 'playbook')
      .flatMap((p) => p.triggers)
      .map((w) => compact(w))
      .filter((w) => Array.from(w).length >= 2)
      .map((word) => ({ word, syl: syllables(word).join(' ') }));
    const scenarioWords = docs
      .filter((d): d is ScriptDoc => d.type === 'script' && !d.product)
      .flatMap((s) => [...s.tags, ...(s.scenario ?? '').split(/[-—_/\s]+/)])
      .map((w) => compact(w))
      .filter((w) => Array.from(w).length >= 2 && !/异议|处理|场景|话术|销售/.test(w));
    lex = { version: kb.version, triggers, scenarioWords };
    return lex;
  };

  return {
    async classify(text, conversation) {
      return classifyWith(text, conversation, kb, lexicon());
    },
  };
}

function count(re: RegExp, text: string): number {
  return text.match(new RegExp(re.source, 'g'))?.length ?? 0;
}

function classifyWith(
  raw: string,
  conversation: ConversationState,
  kb: KnowledgeBase & { linkCompetitors?(t: string): { entityId: string }[] },
  lex: Lexicon,
): Intent {
  const text = raw.trim();
  if (COMMAND.test(text)) return 'command';
  if (QUIZ_ANSWER.test(text)) return 'quiz_answer';
  if (REPORT_PREFIX.test(text)) return 'feedback_report';
  const q = compact(text);
  const qSyl = ` ${syllables(q).join(' ')} `;
  // Homophone matching only for triggers of 3+ syllables: two syllables collide too often (尺码/吃吗).
  const words = contentWords(q);
  // A trigger inside a longer word does not count (换新 in 以旧换新).
  const inLongerWord = (w: string) => words.some((x) => x !== w && x.includes(w));
  const triggerHits = lex.triggers.filter(
    (t) =>
      (q.includes(t.word) && !inLongerWord(t.word)) || (t.syl.split(' ').length >= 3 && qSyl.includes(` ${t.syl} `)),
  ).length;
  const complaintWords = count(COMPLAINT_WORDS, q);
  const capability = CAPABILITY_QUESTION.test(q);
  const hasContact = CONTACT.test(text);
  if (hasContact && (complaintWords > 0 || triggerHits > 0 || /说|反映|要求/.test(q))) return 'feedback_report';

  const competitors = kb.linkCompetitors?.(text) ?? [];
  const compareWords = count(COMPARE_WORDS, q);
  const objection = count(OBJECTION_WORDS, q) + lex.scenarioWords.filter((w) => q.includes(w)).length;

  let complaint = complaintWords * 1.5 + triggerHits;
  if (capability && !/退|赔|投诉|12315|闹|骂/.test(q)) complaint *= 0.3;
  const compare =
    competitors.length * 3 +
    (compareWords > 0 ? 1 : 0) +
    (compareWords > 0 && competitors.length === 0 && /隔壁|对面|别家|那家|竞品/.test(q) ? 1.5 : 0);
  const scores: [Intent, number][] = [
    ['complaint', complaint],
    ['competitor_compare', compare],
    ['objection_handling', objection * 1.6],
  ];
  scores.sort((a, b) => b[1] - a[1]);
  const [best, bestScore] = scores[0] ?? ['other', 0];
  if (bestScore >= 1.5) return best;

  const products = kb.linkProducts(text);
  if (ELLIPTIC.test(q) && conversation.lastIntent && conversation.products.length > 0) {
    const last = conversation.lastIntent as Intent;
    if (last === 'product_question' || last === 'competitor_compare' || last === 'objection_handling') return last;
  }
  if (bestScore >= 1) return best;
  if (
    products.length > 0 ||
    /[吗呢？?]|多少|多大|多长|多重|多久|几|怎么|咋|哪|什么|啥|能不能|可以|有没有|是不是/.test(q)
  ) {
    return 'product_question';
  }
  return 'other';
}
