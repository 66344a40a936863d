import type { Hono } from 'hono';
import { growthSummary } from '../../features/growth/growth-summary.js';
import { STREAK } from '../../features/growth/record-growth.js';
import type { GrowthScore } from '../../ports/quiz-store.js';
import { type ConsoleDeps, type ConsoleEnv, renderPage, storeScope } from './console-context.js';
import { dataJson, h } from './html.js';
import { storePicker, when } from './page-helpers.js';

/** `/console/associates`: each associate's growth radar and history, and who is invited to advanced training. */
export function registerAssociates(app: Hono<ConsoleEnv>, deps: ConsoleDeps): void {
  app.get('/associates', async (c) => {
    const requested = c.req.query('store');
    const store = storeScope(c.get('session').actor, requested);
    const scores: GrowthScore[] = (await deps.services.quizzes?.allGrowth(store ? { storeId: store } : {})) ?? [];
    const users = [...new Map(scores.map((s) => [s.userId, s])).values()];
    const people = await Promise.all(
      users.map(async (u) => {
        const skills = await growthSummary(deps.services, u.userId);
        const info = deps.services.roles.resolve(u.channel, u.userId);
        const invited = skills.filter((s) => s.streak >= STREAK).map((s) => s.skill);
        const last = Math.max(...skills.flatMap((s) => s.history.map((x) => x.at)), 0);
        return { userId: u.userId, name: info.name ?? u.userId, storeId: u.storeId, skills, invited, last };
      }),
    );
    people.sort((a, b) => b.invited.length - a.invited.length || b.last - a.last);
    const invited = people.filter((p) => p.invited.length);
    const body = h`${storePicker(c, deps, requested)}
<div class="card"><h2>进阶培训邀请（${invited.length}）</h2>${
      invited.length
        ? h`<div class="row">${invited.map((p) => h`<span class="pill green">${p.name} · ${p.invited.join('、')}</span>`)}</div>`
        : h`<div class="muted">同一技能连续 ${STREAK} 次测验 ≥90 分的店员会被邀请参加进阶培训，目前还没有</div>`
    }</div>
${
  people.length
    ? h`<div class="grid">${people.map(
        (
          p,
        ) => h`<div class="card"><div class="row"><b>${p.name}</b><span class="muted">门店 ${p.storeId} · 最近 ${when(p.last || undefined)}</span></div>
<div class="chart" data-radar="${dataJson(p.skills.map((s) => ({ skill: s.skill, score: s.score })))}" role="img" aria-label="${p.name} 的成长雷达"></div>
<details><summary>成长记录</summary><table class="table"><thead><tr><th>技能</th><th>近期</th><th>次数</th><th>历史</th></tr></thead><tbody>${p.skills.map(
          (s) =>
            h`<tr><td>${s.skill}</td><td>${s.score ?? '—'}</td><td>${s.attempts}</td><td>${s.history.map((x) => x.score).join(' → ') || '—'}</td></tr>`,
        )}</tbody></table></details></div>`,
      )}</div>`
    : h`<div class="card muted">还没有店员的测验成绩</div>`
}`;
    return renderPage(c, { title: '店员成长', active: '/console/associates', body, charts: true });
  });
}
