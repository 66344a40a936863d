import type { Hono } from 'hono';
import { type ConsoleDeps, type ConsoleEnv, renderPage, storeScope } from './console-context.js';
import { h } from './html.js';
import { buildOverview, PERIODS } from './overview-data.js';
import { storePicker } from './page-helpers.js';

const days = (v: string | undefined) => {
  const n = Number(v);
  return (PERIODS as readonly number[]).includes(n) ? n : 7;
};

/** `/console`: charts of questions, answer rate, votes, SLA states and quiz pass rates over 7/30/90 days. */
export function registerOverview(app: Hono<ConsoleEnv>, deps: ConsoleDeps): void {
  app.get('/data/overview', async (c) => {
    const store = storeScope(c.get('session').actor, c.req.query('store'));
    return c.json(await buildOverview(deps.services, days(c.req.query('days')), store));
  });

  app.get('/', async (c) => {
    const n = days(c.req.query('days'));
    const requested = c.req.query('store');
    const store = storeScope(c.get('session').actor, requested);
    const data = await buildOverview(deps.services, n, store);
    const q = (d: number) => `?days=${d}${requested ? `&store=${encodeURIComponent(requested)}` : ''}`;
    const src = `/console/data/overview${q(n)}`;
    const t = data.totals;
    const body = h`
<div class="tabs" role="tablist" aria-label="统计周期">${PERIODS.map((d) => h`<a href="${q(d)}" class="${d === n ? 'on' : ''}">近 ${d} 天</a>`)}</div>
${storePicker(c, deps, requested, h`<input type="hidden" name="days" value="${n}">`)}
<div class="kpis">
<div class="kpi"><span class="muted">提问数</span><b>${t.questions}</b></div>
<div class="kpi"><span class="muted">回答率</span><b>${Math.round(t.answerRate * 100)}%</b></div>
<div class="kpi"><span class="muted">👍 / 👎</span><b>${t.up} / ${t.down}</b></div>
<div class="kpi"><span class="muted">未结工单</span><b>${t.openTickets}</b></div>
</div>
<div class="grid" id="charts" data-src="${src}">
<div class="card"><h2>每日提问</h2><div class="chart" data-chart="questions" role="img" aria-label="每日提问数"></div></div>
<div class="card"><h2>已回答 vs 未能回答</h2><div class="chart" data-chart="answered" role="img" aria-label="每日已回答与未能回答"></div></div>
<div class="card"><h2>👍 vs 👎</h2><div class="chart" data-chart="votes" role="img" aria-label="每日点赞与点踩"></div></div>
<div class="card"><h2>未结工单 · 时效状态</h2><div class="chart" data-chart="sla" role="img" aria-label="未结工单的时效状态"></div></div>
<div class="card"><h2>测验通过率</h2><div class="chart" data-chart="quizzes" role="img" aria-label="各次测验的通过率"></div></div>
</div>`;
    return renderPage(c, { title: '概览', active: '/console', body, charts: true });
  });
}
