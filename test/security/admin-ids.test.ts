import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CrmHarness, createCrmHarness } from '../crm/helpers/crm-harness.js';

/** Issue 10, problem 8: ids in admin paths are decimal integers, validated with zod. */
const TOKEN = 'admin-ids-token';
let h: CrmHarness;
beforeAll(async () => {
  h = await createCrmHarness({ roles: null, env: { ADMIN_TOKEN: TOKEN } });
  await h.say('ou_wang', '反馈：王女士 13800138000 蓝罐面霜用了三天脸发红');
  await h.say('ou_wang', '竞品：隔壁店面霜买一送一，到周日');
});
afterAll(async () => {
  await h.app.close();
});

const post = (path: string, body: unknown) =>
  h.app.http.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify(body),
  });

describe('numeric ids on the admin API', () => {
  it('refuses hex, exponent, signed, padded and fractional ticket numbers with 400 and closes nothing', async () => {
    for (const id of ['0x1', '1e0', '+1', '01', '1.0', '%201', '-1', '0', '1a', '99999999999']) {
      const res = await post(`/api/tickets/${id}/close`, { resolution: '已退款' });
      expect(res.status, id).toBe(400);
      expect(((await res.json()) as { error: string }).error).toBe('bad_request');
      expect((await post(`/api/tickets/${id}/notes`, { text: '已回电' })).status, id).toBe(400);
      expect((await post(`/api/intel/${id}/approve`, {})).status, id).toBe(400);
      expect((await post(`/api/intel/${id}/reject`, {})).status, id).toBe(400);
    }
    expect((await h.app.services.crm.tickets.get(1))?.status).toBe('open');
    expect((await h.app.services.crm.intel.get(1))?.status).toBe('pending');
  });

  it('accepts a plain decimal number', async () => {
    expect((await post('/api/tickets/1/close', { resolution: '已退款' })).status).toBe(200);
    expect((await h.app.services.crm.tickets.get(1))?.status).toBe('closed');
    expect((await post('/api/tickets/2/close', { resolution: '已退款' })).status).toBe(404);
  });

  it('refuses malformed customer ids', async () => {
    const get = (id: string) =>
      h.app.http.request(`/api/customers/${id}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect((await get('cus_..%2F..')).status).toBe(400);
    expect((await get(`cus_${'x'.repeat(80)}`)).status).toBe(400);
    expect((await get('cus_unknown')).status).toBe(404);
  });
});
