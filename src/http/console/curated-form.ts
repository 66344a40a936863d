import type { ComplianceFinding } from '../../answer/compliance.js';
import type { ConsoleContext, ConsoleDeps } from './console-context.js';
import { h } from './html.js';
import { csrfField } from './page-helpers.js';

export interface CuratedFormState {
  question: string;
  variants: string[];
  answer: string;
  productId?: string;
  /** Hidden fields the action needs back (the gap group, the voted reply). */
  hidden?: Record<string, string>;
  error?: string;
  findings?: ComplianceFinding[];
}

const KIND = { absolute: '绝对化用语', medical: '医疗用语' } as const;

/** The "answer it" form: question, variants, answer, product; shows Advertising-Law findings inline. */
export function curatedForm(c: ConsoleContext, deps: ConsoleDeps, action: string, s: CuratedFormState, open = false) {
  const products = deps.services.knowledge.products();
  return h`<details ${open ? 'open' : ''}><summary>写标准答案</summary>
<form class="stack" method="post" action="${action}">${csrfField(c)}
${Object.entries(s.hidden ?? {}).map(([k, v]) => h`<input type="hidden" name="${k}" value="${v}">`)}
${s.error ? h`<div class="flash err" role="alert">${s.error}${s.findings?.length ? h`<ul>${s.findings.map((f) => h`<li>${KIND[f.kind]}「${f.term}」：${f.line.trim().slice(0, 80)}</li>`)}</ul>` : ''}</div>` : ''}
<label>问题<input name="question" value="${s.question}" required maxlength="500"></label>
<label>其他问法（每行一个）<textarea name="variants" rows="2">${s.variants.join('\n')}</textarea></label>
<label>答案<textarea name="answer" required maxlength="4000" placeholder="写给店员看的标准答案，可以分行">${s.answer}</textarea></label>
<label>相关产品（可不选）<select name="product_id"><option value="">不限产品</option>
${products.map((p) => h`<option value="${p.id}" ${p.id === s.productId ? 'selected' : ''}>${p.name}</option>`)}</select></label>
<button type="submit">保存并立即生效</button>
<span class="muted">保存前会做广告法检查；保存后机器人马上用这条答案回答同类问题。</span>
</form></details>`;
}

/** Reads the form back. */
export function readCuratedForm(body: Record<string, unknown>) {
  const s = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
  return {
    question: s('question').trim(),
    variants: s('variants')
      .split(/\r?\n/)
      .map((v) => v.trim())
      .filter(Boolean),
    answer: s('answer').trim(),
    productId: s('product_id').trim() || undefined,
  };
}
