import { stringify } from 'yaml';
import { type ComplianceFinding, lintText } from '../../answer/compliance.js';
import type { Services } from '../../core/services.js';
import { toKnowledgeDoc } from '../../knowledge/to-knowledge-doc.js';
import type { FaqDoc } from '../../ports/knowledge.js';
import { formatChinaDate } from '../feedback/china-time.js';

export interface CuratedAnswerInput {
  question: string;
  answer: string;
  variants?: string[];
  productId?: string;
  author: string;
}

export type SaveCuratedResult =
  | { ok: true; id: string; doc: FaqDoc }
  | { ok: false; code: 'ad_law'; findings: ComplianceFinding[]; message: string }
  | { ok: false; code: 'invalid' | 'unknown_product' | 'read_only'; message: string };

/** The folder of the pack curated answers are written to. */
export const FAQ_DIR = 'faq';

/** Renders a curated answer as a pack file: front matter (the canonical data) and a readable body. */
export function faqMarkdown(doc: {
  id: string;
  question: string;
  variants: string[];
  answer: string;
  product?: string;
  author: string;
  date: string;
}): string {
  const fm = {
    id: doc.id,
    type: 'faq',
    title: doc.question,
    question: doc.question,
    variants: doc.variants,
    answer: doc.answer,
    ...(doc.product ? { product: doc.product } : {}),
    author: doc.author,
    date: doc.date,
    updated: doc.date,
  };
  return `---\n${stringify(fm, { lineWidth: 0 })}---\n`;
}

/** Advertising-Law findings in a curated answer (question, variants and answer), as for the pack. */
export function lintCuratedAnswer(input: Pick<CuratedAnswerInput, 'question' | 'answer' | 'variants'>) {
  return lintText([input.question, ...(input.variants ?? []), input.answer].join('\n'));
}

const clean = (s: string) => s.replace(/\r\n?/g, '\n').trim();

/**
 * Validates, lints and writes a curated answer into the pack, then indexes it at once.
 * Nothing is written while the Advertising-Law lint has findings.
 */
export async function saveCuratedAnswer(services: Services, input: CuratedAnswerInput): Promise<SaveCuratedResult> {
  const question = clean(input.question);
  const answer = clean(input.answer);
  const variants = [...new Set((input.variants ?? []).map(clean).filter((v) => v && v !== question))].slice(0, 20);
  if (!question || !answer) return { ok: false, code: 'invalid', message: '问题和答案都不能为空' };
  if (question.length > 500 || answer.length > 4000)
    return { ok: false, code: 'invalid', message: '问题最多 500 字，答案最多 4000 字' };
  // A question that names exactly one of our products is about that product (kept apart from its siblings).
  const named = services.knowledge.linkProducts(question).filter((l) => l.score >= 0.9);
  const productId = input.productId?.trim() || (named.length === 1 ? named[0]?.id : undefined);
  if (productId && services.knowledge.get(productId)?.type !== 'product')
    return { ok: false, code: 'unknown_product', message: `知识库里没有产品 ${productId}` };
  const findings = lintCuratedAnswer({ question, answer, variants });
  if (findings.length > 0) {
    const terms = [...new Set(findings.map((f) => f.term))].join('、');
    return { ok: false, code: 'ad_law', findings, message: `含有广告法禁用或医疗用语：${terms}；请改写后再保存` };
  }
  if (!services.pack) return { ok: false, code: 'read_only', message: '知识库目录不可写，不能保存标准答案' };
  let id = `faq-${services.ids.next().toLowerCase()}`;
  while (services.knowledge.get(id) || (await services.pack.exists(`${FAQ_DIR}/${id}.md`)))
    id = `faq-${services.ids.next().toLowerCase()}`;
  const path = `${FAQ_DIR}/${id}.md`;
  const text = faqMarkdown({
    id,
    question,
    variants,
    answer,
    ...(productId ? { product: productId } : {}),
    author: input.author,
    date: formatChinaDate(services.clock.now()),
  });
  const doc = toKnowledgeDoc(text, path);
  if ('reason' in doc || doc.type !== 'faq')
    return { ok: false, code: 'invalid', message: `标准答案格式有误：${'reason' in doc ? doc.reason : doc.type}` };
  await services.pack.write(path, text);
  await services.knowledge.upsert(doc);
  return { ok: true, id, doc };
}
