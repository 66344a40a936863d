import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { createAdminApi } from '../../src/http/admin/create-admin-api.js';
import { createHttpApp } from '../../src/http/create-http-app.js';
import { type CrmHarness, createCrmHarness } from './helpers/crm-harness.js';
import { json } from './helpers/json.js';

const TOKEN = 'admin-secret-token';
let h: CrmHarness | undefined;
afterEach(async () => {
  await h?.app.close();
  h = undefined;
});

async function setup(adminToken: string | null = TOKEN) {
  h = await createCrmHarness({ roles: null });
  const root = new Hono();
  root.route('/api', createAdminApi(h.app.services, adminToken ? { adminToken } : {}));
  const call = (path: string, init: RequestInit = {}, token: string | null = TOKEN) =>
    root.request(path, {
      ...init,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.headers ?? {}) },
    });
  return { h, call };
}

describe('admin API', () => {
  it('requires the ADMIN_TOKEN bearer and says so when it is not configured', async () => {
    const { call } = await setup();
    expect((await call('/api/reports/feedback', {}, null)).status).toBe(401);
    expect((await call('/api/reports/feedback', {}, 'wrong')).status).toBe(401);
    expect((await call('/api/reports/feedback')).status).toBe(200);
    await h?.app.close();
    const off = await setup(null);
    const res = await off.call('/api/customers/lookup?contact=1');
    expect(res.status).toBe(503);
    expect((await json(res)).message).toContain('ADMIN_TOKEN');
  });

  it('mounts at /api beside the chat API without guarding it', async () => {
    const { h } = await setup();
    const app = createHttpApp({
      assistant: h.app.assistant,
      channels: [],
      mounts: [{ path: '/api', app: createAdminApi(h.app.services, { adminToken: TOKEN }) }],
    });
    const chat = await app.request('/api/chat', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'u1', text: '反馈：赵先生说电饭煲不加热' }),
    });
    expect(chat.status).toBe(200);
    expect((await json(chat)).answer).toContain('已登记反馈 #1');
    expect((await app.request('/api/tickets')).status).toBe(401);
    const list = await app.request('/api/tickets', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect((await json(list)).tickets).toHaveLength(1);
  });

  it('exports and deletes one customer (PIPL)', async () => {
    const { h, call } = await setup();
    await h.say('web-1', '反馈：王女士 13800138000 蓝罐面霜用了三天脸发红');
    await h.say('web-1', '跟进 #1 王女士已去医院，没大碍');
    const look = await call('/api/customers/lookup?contact=138-0013-8000');
    expect(look.status).toBe(200);
    const { customer } = await json(look);
    expect(customer).toMatchObject({ maskedContact: '*******8000', displayName: '王女士', tags: ['敏感肌'] });
    const exp = await call(`/api/customers/${customer.id}`);
    expect(exp.headers.get('content-disposition')).toContain('attachment');
    const data = await json(exp);
    expect(data.tickets).toHaveLength(1);
    expect(data.notes.map((n: { text: string }) => n.text)).toEqual(['王女士已去医院，没大碍']);
    expect(JSON.stringify(data)).not.toContain('13800138000');
    expect((await call(`/api/customers/${customer.id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await call(`/api/customers/${customer.id}`)).status).toBe(404);
    expect((await call('/api/customers/lookup?contact=13800138000')).status).toBe(404);
    const t = await h.app.services.crm.tickets.get(1);
    expect(t?.text).not.toContain('王女士');
    expect((await h.app.services.crm.listInteractions({})).some((r) => r.text.includes('王女士'))).toBe(false);
  });

  it('reports feedback by category, severity, SLA hit rate, top products and knowledge gaps, as JSON and CSV', async () => {
    const { h, call } = await setup();
    await h.say('u1', '反馈：王女士 13800138000 蓝罐面霜用了三天脸发红');
    await h.say('u1', '投诉：顾客说不粘锅涂层掉了 要退货');
    await h.say('u2', '反馈：李女士 13900001111 蓝罐面霜有点刺痛');
    await h.say('u1', '跟进 #1 已联系顾客');
    await h.say('u1', '小蓝罐保修几年，能不能刻字');
    h.clock.advance(3 * 3600_000);
    const res = await call('/api/reports/feedback?from=2026-11-23&to=2026-11-23');
    expect(res.status).toBe(200);
    const r = await json(res);
    expect(r.tickets.total).toBe(3);
    expect(r.byCategory['过敏/安全']).toBe(2);
    expect(r.byCategory.质量).toBe(1);
    expect(r.bySeverity).toEqual({ high: 2, medium: 1, low: 0 });
    // #1 answered in time; #3 (2 h SLA) is overdue; #2 (4 h) not yet due.
    expect(r.sla).toMatchObject({ firstDue: 2, firstMet: 1, firstHitRate: 0.5 });
    expect(r.topProducts[0]).toMatchObject({ id: 'sk-calm-cream', title: '沐岚舒缓修护面霜', count: 2 });
    expect(r.gaps.total).toBeGreaterThanOrEqual(1);
    const csv = await call('/api/reports/feedback?from=2026-11-23&to=2026-11-23', { headers: { accept: 'text/csv' } });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain('category,过敏/安全,过敏/安全,2');
    expect(text).toContain('sla,first_hit_rate,首次响应达成率,0.5');
    expect(text).toContain('product,sk-calm-cream,沐岚舒缓修护面霜,2');
    expect(await (await call('/api/reports/feedback?format=csv&from=2026-11-24&to=2026-11-25')).text()).toContain(
      'summary,total,工单总数,0',
    );
    const other = await json(await call('/api/reports/feedback?store=elsewhere&from=2026-11-23'));
    expect(other.tickets.total).toBe(0);
    const bad = await call('/api/reports/feedback?from=yesterday');
    expect(bad.status).toBe(400);
    expect((await json(bad)).message).toContain('from');
  });

  it('lets the admin close tickets and approve intel when no roles file names a manager', async () => {
    const { h, call } = await setup();
    await h.say('u1', '反馈：赵先生说电饭煲不加热');
    expect((await h.say('u1', '结单 #1 已换新')).text).toContain('只有本店店长可以结单');
    const post = (path: string, body: unknown) =>
      call(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post('/api/tickets/1/close', {})).status).toBe(400);
    const closed = await post('/api/tickets/1/close', { resolution: '已换新' });
    expect(closed.status).toBe(200);
    expect((await json(closed)).ticket).toMatchObject({ status: 'closed', resolution: '已换新', closedBy: 'admin' });
    expect((await post('/api/tickets/1/close', { resolution: 'x' })).status).toBe(409);
    expect((await post('/api/tickets/9/close', { resolution: 'x' })).status).toBe(404);
    await h.say('u1', '竞品：隔壁XX店面霜买一送一，到周日');
    const ok = await post('/api/intel/1/approve', { points: 5 });
    expect((await json(ok)).intel).toMatchObject({ status: 'approved', points: 5 });
    expect(h.app.services.knowledge.get('intel-1')).toBeDefined();
    const list = await json(await call('/api/tickets?status=closed'));
    expect(list.tickets).toHaveLength(1);
  });
});
