import type { Hono } from 'hono';
import { decideIntel, INTEL_POINTS } from '../../features/intel/intel-actions.js';
import type { IntelRecord } from '../../ports/crm.js';
import { DEFAULT_STORE } from '../../ports/roles.js';
import {
  allStores,
  type ConsoleContext,
  type ConsoleDeps,
  type ConsoleEnv,
  renderPage,
  storeScope,
  toActor,
} from './console-context.js';
import { h } from './html.js';
import { csrfField, docTitle, field, flashRedirect, storePicker, when } from './page-helpers.js';

function intelCard(c: ConsoleContext, deps: ConsoleDeps, i: IntelRecord) {
  const facts = [
    i.brand && `品牌：${i.brand}`,
    i.product && `产品：${i.product}`,
    i.price !== undefined && `价格：${i.price} 元`,
    i.promotion && `活动：${i.promotion}`,
    i.location && `地点：${i.location}`,
  ].filter(Boolean) as string[];
  return h`<div class="card" id="i${i.no}">
<div class="row"><b>#${i.no}</b>${facts.map((f) => h`<span class="pill">${f}</span>`)}</div>
<div class="quote">${i.text}</div>
<div class="muted">上报 ${i.reporterName ?? i.reporterId} · ${when(i.createdAt)} · 有效至 ${when(i.expiresAt)}${i.productIds.length ? ` · 涉及：${i.productIds.map((p) => docTitle(deps, p)).join('、')}` : ''}</div>
${
  i.status === 'pending'
    ? h`<div class="row">
<form class="row" method="post" action="/console/intel/${i.no}/approve">${csrfField(c)}<label class="inline">积分<input name="points" type="number" min="1" max="100" value="${INTEL_POINTS}" size="4"></label><button type="submit">采纳</button></form>
<form class="row" method="post" action="/console/intel/${i.no}/reject">${csrfField(c)}<input name="reason" maxlength="500" placeholder="驳回原因（可不填）" aria-label="驳回原因"><button type="submit" class="danger">驳回</button></form></div>`
    : h`<div class="muted">${i.status === 'approved' ? `已采纳，+${i.points} 分` : `已驳回${i.reason ? `：${i.reason}` : ''}`}（${when(i.decidedAt)}）</div>`
}</div>`;
}

/** `/console/intel`: competitor intel waiting for approval (approve with points or reject) and the points leaderboard. */
export function registerIntel(app: Hono<ConsoleEnv>, deps: ConsoleDeps): void {
  app.get('/intel', async (c) => {
    const requested = c.req.query('store');
    const store = storeScope(c.get('session').actor, requested);
    const scope = store ? { storeId: store } : {};
    const [pending, decided] = await Promise.all([
      deps.services.crm.intel.list({ ...scope, status: 'pending', limit: 200 }),
      deps.services.crm.intel.list({ ...scope, limit: 30 }),
    ]);
    const stores = store ? [store] : allStores(deps.services).map((s) => s.id);
    const boards = await Promise.all(
      stores.map(async (id) => ({
        id,
        rows: await deps.services.crm.points.leaderboard(id || DEFAULT_STORE, { limit: 10 }),
      })),
    );
    const body = h`${storePicker(c, deps, requested)}
<h2>待审核（${pending.length}）</h2>
${pending.length ? pending.map((i) => intelCard(c, deps, i)) : h`<div class="card muted">没有待审核的竞品情报</div>`}
<h2>积分榜</h2>
${boards.map(
  (b) =>
    h`<div class="card"><div class="muted">门店 ${b.id}</div>${
      b.rows.length
        ? h`<table class="table"><thead><tr><th>名次</th><th>店员</th><th>积分</th></tr></thead><tbody>${b.rows.map((r, n) => h`<tr><td>${n + 1}</td><td>${r.userName ?? r.userId}</td><td>${r.points}</td></tr>`)}</tbody></table>`
        : h`<div class="muted">还没有积分</div>`
    }</div>`,
)}
<details><summary>最近审核过的情报</summary>${decided.filter((i) => i.status !== 'pending').map((i) => intelCard(c, deps, i))}</details>`;
    return renderPage(c, { title: '竞品情报', active: '/console/intel', body });
  });

  const decide = (status: 'approved' | 'rejected') => async (c: ConsoleContext) => {
    const no = Number(c.req.param('no'));
    const body = await c.req.parseBody();
    const actor = c.get('session').actor;
    const intel = await deps.services.crm.intel.get(no);
    if (!intel || (actor.kind === 'manager' && intel.storeId !== actor.storeId))
      return flashRedirect(c, deps, '/console/intel', 'err', `没有找到竞品情报 #${no}`);
    const points = Math.min(100, Math.max(1, Number(field(body, 'points')) || INTEL_POINTS));
    const reason = field(body, 'reason').trim().slice(0, 500);
    const r = await decideIntel(deps.services, no, toActor(actor), {
      status,
      ...(status === 'approved' ? { points } : {}),
      ...(reason ? { reason } : {}),
    });
    if (!r.ok) return flashRedirect(c, deps, '/console/intel', 'err', r.message);
    const text = !r.changed
      ? `竞品情报 #${no} 之前已审核过`
      : status === 'approved'
        ? `已采纳 #${no}，积分 +${r.intel.points}${r.indexed ? '，机器人已可引用' : ''}`
        : `已驳回 #${no}`;
    return flashRedirect(c, deps, '/console/intel', 'ok', text);
  };
  app.post('/intel/:no/approve', decide('approved'));
  app.post('/intel/:no/reject', decide('rejected'));
}
