import { afterEach, describe, expect, it } from 'vitest';
import { type CrmHarness, createCrmHarness } from './helpers/crm-harness.js';
import { json } from './helpers/json.js';

const HOUR = 3600_000;
let h: CrmHarness | undefined;
afterEach(async () => {
  await h?.app.close();
  h = undefined;
});

describe('feedback by message → ticket with SLA', () => {
  it('files a ticket over POST /api/chat with number, playbook steps, deadlines and masked storage', async () => {
    h = await createCrmHarness({ roles: null });
    const res = await h.app.http.request('/api/chat', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'web-1', text: '反馈：王女士 13800138000 蓝罐面霜用了三天脸发红' }),
    });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.intent).toBe('feedback_report');
    expect(body.answer).toContain('已登记反馈 #1');
    expect(body.answer).toContain('过敏/安全 · 严重度高');
    expect(body.answer).toContain('王女士 *******8000');
    expect(body.answer).toMatch(/首次响应：11月23日 12:00 前（2 小时内）/);
    expect(body.answer).toMatch(/处理方案：11月24日 10:00 前（24 小时内）/);
    expect(body.answer).toContain('请顾客立即停用该产品');
    expect(body.answer).toContain('请立即当面告知店长');
    expect(body.answer).not.toContain('13800138000');
    expect(body.sources.map((s: { id: string }) => s.id)).toEqual(['sk-calm-cream', 'pb-allergy']);
    expect(body.products).toEqual(['sk-calm-cream']);
    const ticket = await h.app.services.crm.tickets.get(1);
    expect(ticket).toMatchObject({
      storeId: 'default',
      severity: 'high',
      category: '过敏/安全',
      playbookId: 'pb-allergy',
      customerName: '王女士',
    });
    expect(ticket?.text).toBe('反馈：王女士 *******8000 蓝罐面霜用了三天脸发红');
    const [logged] = await h.app.services.crm.listInteractions({});
    expect(logged).toMatchObject({ kind: 'feedback', intent: 'feedback_report', text: ticket?.text });
    expect(logged?.answer).not.toContain('13800138000');
  });

  it('notifies the manager chat at once for high severity, reminds before and escalates after the deadline', async () => {
    h = await createCrmHarness();
    const r = await h.say('ou_wang', '反馈：王女士 13800138000 蓝罐面霜用了三天脸发红');
    expect(r.text).toContain('已通知店长');
    await h.app.services.jobs.runDue();
    expect(h.sent.to('oc_mgr_jingan')[0]).toContain('严重反馈 #1，请店长立即处理');
    expect(h.sent.to('oc_mgr_xuhui')).toEqual([]);
    h.clock.advance(1.5 * HOUR + 1);
    await h.app.services.jobs.runDue();
    expect(h.sent.to('oc_p2p_ou_wang').at(-1)).toContain('工单 #1 即将超时');
    expect(h.sent.to('oc_mgr_jingan').at(-1)).toContain('首次响应截止 11月23日 12:00');
    h.clock.advance(0.5 * HOUR);
    await h.app.services.jobs.runDue();
    expect(h.sent.to('oc_mgr_jingan').at(-1)).toContain('工单 #1 已超时，升级给店长');
    const t = await h.app.services.crm.tickets.get(1);
    expect(t?.escalatedAt).toBe(h.clock.now());
    const report = await h.app.services.crm.tickets.notes(1);
    expect(report.map((n) => n.kind)).toEqual(['escalation']);
  });

  it('a follow-up by the reporter stops the first-response escalation; only the manager may close', async () => {
    h = await createCrmHarness();
    await h.say('ou_wang', '反馈：顾客说黑色不粘锅涂层掉了 要退货 电话 139-1234-5678');
    const ticket = await h.app.services.crm.tickets.get(1);
    expect(ticket).toMatchObject({ severity: 'medium', category: '质量' });
    expect((await h.say('ou_li', '跟进 #1 我来联系')).text).toContain('不是你上报的');
    expect((await h.say('ou_wang', '跟进 #1 已电话联系顾客，约明天来店')).text).toContain('工单 #1 已记录跟进');
    h.clock.advance(5 * HOUR);
    await h.app.services.jobs.runDue();
    expect(h.sent.sent.filter((s) => s.reply.title.includes('#1'))).toEqual([]);
    expect((await h.say('ou_wang', '结单 #1 已换新')).text).toContain('只有本店店长可以结单');
    const closed = await h.say('ou_mgr', '结单 #1 已换新锅');
    expect(closed.text).toContain('工单 #1 已结单');
    expect(closed.text).toContain('已结单：已换新锅');
    expect((await h.say('ou_mgr', '结单 #1 再结一次')).text).toContain('已于之前结单');
    expect((await h.say('ou_mgr', '结单 #99 已退款')).text).toContain('没有找到工单 #99');
  });

  it('lists open tickets: the manager sees the store, an associate only their own; 工单 #n shows notes', async () => {
    h = await createCrmHarness();
    await h.say('ou_wang', '投诉：顾客说收银排队二十分钟 态度很差');
    await h.say('ou_li', '反馈：李阿姨说洗衣凝珠包装破了漏液');
    await h.say('ou_zhao', '反馈：赵先生说电饭煲不加热');
    const mgr = await h.say('ou_mgr', '工单');
    expect(mgr.text).toContain('本店未结工单（2）');
    expect(mgr.text).toMatch(/#1 服务/);
    expect(mgr.text).toMatch(/#2 质量/);
    expect(mgr.text).not.toContain('#3');
    const mine = await h.say('ou_li', '工单');
    expect(mine.text).toContain('我上报的未结工单（1）');
    expect(mine.text).toContain('#2');
    await h.say('ou_li', '方案 #2 顾客同意换新，明天到货');
    const detail = await h.say('ou_li', '工单 #2');
    expect(detail.text).toContain('小李：顾客同意换新，明天到货');
    expect((await h.say('ou_wang', '工单 #2')).text).toContain('不是你上报的');
    expect((await h.say('ou_wang', '报表')).text).toContain('只有店长可以查看报表');
    const report = await h.say('ou_mgr', '报表');
    expect(report.text).toContain('共 2 单（未结 2，升级 0）');
    expect(report.text).toMatch(/类别：.*服务 1/);
  });

  it('links a repeat customer across phone formats, shows their tags and marks the repeat complaint high', async () => {
    h = await createCrmHarness();
    await h.say('ou_wang', '反馈：王女士 138 0013 8000 说蓝罐面霜有点刺痛，问成分安不安全');
    const second = await h.say('ou_li', '记一下 王女士 +86 138-0013-8000 防晒用了也不舒服');
    expect(second.text).toContain('（第 2 次反馈）');
    expect(second.text).toContain('顾客标签：敏感肌、关注成分安全');
    const t2 = await h.app.services.crm.tickets.get(2);
    expect(t2?.severity).toBe('high');
    expect(t2?.customerId).toBe((await h.app.services.crm.tickets.get(1))?.customerId);
    // The data the answer engine can use to bias recommendations.
    const profile = await h.app.services.crm.customers.find({
      text: '王女士 13800138000 想买面霜',
      storeId: 'sh-jingan',
    });
    expect(profile).toMatchObject({ safetyFirst: true, reportCount: 2, maskedContact: '*******8000' });
    expect((await h.app.services.crm.customers.find({ text: '王女士想看看眼霜', storeId: 'sh-jingan' }))?.id).toBe(
      profile?.id,
    );
  });

  it('treats a bare 顾客说… as a complaint (playbook answer, no ticket); an empty report asks for details', async () => {
    h = await createCrmHarness();
    const r = await h.say('ou_wang', '顾客说小蓝罐用了脸红');
    expect(r.intent).toBe('complaint');
    expect(await h.app.services.crm.tickets.list({})).toEqual([]);
    const empty = await h.say('ou_wang', '反馈：');
    expect(empty.title).toBe('请补充反馈内容');
    expect(await h.app.services.crm.tickets.list({})).toEqual([]);
  });

  it('files a stock request as low severity without a playbook and a threat as high with the 12315 playbook', async () => {
    h = await createCrmHarness();
    const low = await h.say('ou_wang', '反馈下 最近不少客人问玻璃奶瓶有没有大号 建议进货');
    expect(low.text).toContain('缺货 · 严重度低');
    expect(low.sources.every((s) => s.type !== 'playbook')).toBe(true);
    const threat = await h.say('ou_wang', '投诉：顾客说不粘锅质量太差 不退就打12315');
    expect(threat.text).toContain('严重度高');
    expect(threat.text).toContain('顾客提到投诉渠道/媒体/法律');
    expect(threat.sources.map((s) => s.id)).toContain('pb-12315-threat');
  });
});
