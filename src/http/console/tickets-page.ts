import type { Hono } from 'hono';
import { closeTicket } from '../../features/tickets/ticket-actions.js';
import type { Severity, Ticket } from '../../ports/crm.js';
import {
  type ConsoleContext,
  type ConsoleDeps,
  type ConsoleEnv,
  renderPage,
  storeScope,
  toActor,
} from './console-context.js';
import { h } from './html.js';
import { csrfField, docTitle, field, flashRedirect, storePicker, when } from './page-helpers.js';
import { nextDue, SLA_LABELS, slaState } from './sla-state.js';

const SEVERITY: Record<Severity, { label: string; color: string }> = {
  high: { label: '严重', color: 'red' },
  medium: { label: '中等', color: 'orange' },
  low: { label: '一般', color: '' },
};
const STATES = { open: '未结单', closed: '已结单', all: '全部' } as const;
type StateFilter = keyof typeof STATES;

/** The playbook's numbered steps for a ticket (its `处理步骤` section), if it has a playbook. */
function playbookSteps(deps: ConsoleDeps, t: Ticket): string[] {
  const pb = t.playbookId ? deps.services.knowledge.get(t.playbookId) : undefined;
  const section = pb?.sections.find((s) => s.heading.includes('步骤')) ?? pb?.sections.find((s) => s.heading);
  return (section?.text ?? '')
    .split('\n')
    .map((l) => l.replace(/^\s*(?:\d+[.、)]|[-*·])\s*/, '').trim())
    .filter(Boolean);
}

function ticketCard(c: ConsoleContext, deps: ConsoleDeps, t: Ticket) {
  const now = deps.services.clock.now();
  const state = slaState(t, now);
  const due = nextDue(t);
  const steps = playbookSteps(deps, t);
  const sev = SEVERITY[t.severity];
  return h`<div class="card" id="t${t.no}">
<div class="row"><b>#${t.no}</b><span class="pill ${sev.color}">${sev.label}</span><span class="pill">${t.category}</span>
<span class="pill ${state === 'overdue' || state === 'escalated' ? 'red' : state === 'due_soon' ? 'orange' : state === 'closed' ? '' : 'green'}">${SLA_LABELS[state]}</span>
${due ? h`<span class="muted">${due.kind}截止 ${when(due.at)}</span> <span class="pill" data-due="${due.at}">${when(due.at)}</span>` : ''}</div>
<div class="quote">${t.text}</div>
<div class="muted">门店 ${t.storeId} · 上报 ${t.reporterName ?? t.reporterId} · ${when(t.createdAt)}${t.products.length ? ` · 产品：${t.products.map((p) => docTitle(deps, p)).join('、')}` : ''}${t.customerName ? ` · 顾客：${t.customerName}` : ''}</div>
${steps.length ? h`<details><summary>处理步骤（${docTitle(deps, t.playbookId ?? '')}）</summary><ol class="steps">${steps.map((s) => h`<li>${s}</li>`)}</ol></details>` : ''}
${
  t.status === 'closed'
    ? h`<div class="muted">已结单（${t.closedBy ?? ''}，${when(t.closedAt)}）：${t.resolution ?? ''}</div>`
    : h`<form class="row" method="post" action="/console/tickets/${t.no}/close">${csrfField(c)}
<input name="resolution" required maxlength="2000" placeholder="处理结果，例如：已退款并致歉" aria-label="处理结果"><button type="submit">结单</button></form>`
}
</div>`;
}

/** `/console/tickets`: tickets filtered by state, store and severity, SLA countdowns, playbook steps, close with a note. */
export function registerTickets(app: Hono<ConsoleEnv>, deps: ConsoleDeps): void {
  app.get('/tickets', async (c) => {
    const requested = c.req.query('store');
    const store = storeScope(c.get('session').actor, requested);
    const stateQ = c.req.query('state');
    const state: StateFilter = stateQ === 'closed' || stateQ === 'all' ? stateQ : 'open';
    const sevQ = c.req.query('severity');
    const severity = sevQ === 'high' || sevQ === 'medium' || sevQ === 'low' ? sevQ : undefined;
    let list = await deps.services.crm.tickets.list({
      ...(store ? { storeId: store } : {}),
      ...(state !== 'all' ? { status: state } : {}),
      limit: 500,
    });
    if (severity) list = list.filter((t) => t.severity === severity);
    const now = deps.services.clock.now();
    // Most urgent first: the nearest deadline, then the newest.
    list.sort((a, b) => (nextDue(a)?.at ?? Infinity) - (nextDue(b)?.at ?? Infinity) || b.createdAt - a.createdAt);
    const link = (s: StateFilter, sev = severity) =>
      `?state=${s}${sev ? `&severity=${sev}` : ''}${requested ? `&store=${encodeURIComponent(requested)}` : ''}`;
    const body = h`<div class="tabs">${(Object.keys(STATES) as StateFilter[]).map((s) => h`<a href="${link(s)}" class="${s === state ? 'on' : ''}">${STATES[s]}</a>`)}</div>
<div class="tabs">${[undefined, 'high', 'medium', 'low'].map((s) => h`<a href="${link(state, s as Severity | undefined)}" class="${s === severity ? 'on' : ''}">${s ? SEVERITY[s as Severity].label : '全部严重度'}</a>`)}</div>
${storePicker(c, deps, requested, h`<input type="hidden" name="state" value="${state}">${severity ? h`<input type="hidden" name="severity" value="${severity}">` : ''}`)}
<div class="muted" data-now="${now}">共 ${list.length} 张</div>
${list.length ? list.map((t) => ticketCard(c, deps, t)) : h`<div class="card muted">没有符合条件的工单</div>`}`;
    return renderPage(c, { title: '工单', active: '/console/tickets', body });
  });

  app.post('/tickets/:no/close', async (c) => {
    const no = Number(c.req.param('no'));
    const body = await c.req.parseBody();
    const actor = c.get('session').actor;
    const ticket = await deps.services.crm.tickets.get(no);
    // A manager only acts on their own store's tickets (closeTicket checks it too).
    if (!ticket || (actor.kind === 'manager' && ticket.storeId !== actor.storeId))
      return flashRedirect(c, deps, '/console/tickets', 'err', `没有找到工单 #${no}`);
    const r = await closeTicket(deps.services, no, toActor(actor), field(body, 'resolution'));
    return r.ok
      ? flashRedirect(c, deps, '/console/tickets', 'ok', `工单 #${no} 已结单`)
      : flashRedirect(c, deps, `/console/tickets#t${no}`, 'err', r.message);
  });
}
