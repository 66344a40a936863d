import type { Hono } from 'hono';
import { type GapGroup, groupGaps } from '../../features/curated/group-gaps.js';
import { saveCuratedAnswer } from '../../features/curated/save-curated-answer.js';
import { type ConsoleContext, type ConsoleDeps, type ConsoleEnv, renderPage, storeScope } from './console-context.js';
import { type CuratedFormState, curatedForm, readCuratedForm } from './curated-form.js';
import { h } from './html.js';
import { docTitle, field, flashRedirect, storePicker, when } from './page-helpers.js';

const DAY = 86400_000;

async function loadGroups(deps: ConsoleDeps, store: string | undefined): Promise<GapGroup[]> {
  const from = deps.services.clock.now() - 90 * DAY;
  const gaps = await deps.services.crm.listGaps({ from, limit: 5000, ...(store ? { storeId: store } : {}) });
  return groupGaps(gaps, deps.services.knowledge);
}

function groupCard(c: ConsoleContext, deps: ConsoleDeps, g: GapGroup, form?: CuratedFormState) {
  const state: CuratedFormState = form ?? {
    question: g.question,
    variants: g.questions.filter((q) => q !== g.question),
    answer: '',
    ...(g.products.length === 1 && g.products[0] ? { productId: g.products[0] } : {}),
  };
  return h`<div class="card" data-gap="${g.id}">
<div class="row"><b>${g.question}</b><span class="pill ${g.count > 1 ? 'orange' : ''}">问了 ${g.count} 次</span>
${g.answeredBy ? h`<span class="pill green">已有标准答案</span>` : ''}</div>
<div class="muted">最近一次：${when(g.lastAt)} · 原因：${g.reason}${g.products.length ? h` · 产品：${g.products.map((p) => docTitle(deps, p)).join('、')}` : ''}</div>
${g.questions.length > 1 ? h`<div class="muted">其他问法：${g.questions.filter((q) => q !== g.question).join(' / ')}</div>` : ''}
${g.answeredBy ? h`<div class="muted">现在由标准答案 <a href="/console/knowledge#${g.answeredBy}">${docTitle(deps, g.answeredBy)}</a> 回答</div>` : curatedForm(c, deps, '/console/gaps/answer', { ...state, hidden: { group: g.id } }, Boolean(form))}
</div>`;
}

/** `/console/gaps`: declined questions grouped by what they ask, each with an "answer it" form. */
export function registerGaps(app: Hono<ConsoleEnv>, deps: ConsoleDeps): void {
  const render = async (c: ConsoleContext, form?: { group: string; state: CuratedFormState }) => {
    const requested = c.req.query('store');
    const store = storeScope(c.get('session').actor, requested);
    const groups = await loadGroups(deps, store);
    const open = groups.filter((g) => !g.answeredBy);
    const done = groups.filter((g) => g.answeredBy);
    const body = h`${storePicker(c, deps, requested)}
<p class="muted">近 90 天机器人没能回答的问题，同类问题已合并。写一条标准答案，机器人马上就会用它回答。</p>
${form && !open.some((g) => g.id === form.group) ? h`<div class="card">${curatedForm(c, deps, '/console/gaps/answer', form.state, true)}</div>` : ''}
${open.length ? open.map((g) => groupCard(c, deps, g, form?.group === g.id ? form.state : undefined)) : h`<div class="card muted">暂时没有待回答的问题 🎉</div>`}
${done.length ? h`<h2>已补上答案的问题（${done.length}）</h2>${done.map((g) => groupCard(c, deps, g))}` : ''}`;
    return renderPage(c, { title: '知识缺口', active: '/console/gaps', body }, form ? 422 : 200);
  };

  app.get('/gaps', (c) => render(c));

  app.post('/gaps/answer', async (c) => {
    const body = await c.req.parseBody();
    const input = readCuratedForm(body);
    const r = await saveCuratedAnswer(deps.services, { ...input, author: c.get('session').actor.name });
    if (r.ok)
      return flashRedirect(c, deps, '/console/gaps', 'ok', `已保存标准答案「${input.question}」，机器人已开始使用`);
    return render(c, {
      group: field(body, 'group'),
      state: { ...input, error: r.message, ...(r.code === 'ad_law' ? { findings: r.findings } : {}) },
    });
  });
}
