import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/adapters/db/create-db.js';
import { createManualClock } from '../../src/ports/clock.js';
import { type CrmHarness, createCrmHarness } from './helpers/crm-harness.js';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const open: CrmHarness[] = [];
afterEach(async () => {
  for (const h of open.splice(0)) await h.app.close();
});
async function harness(...args: Parameters<typeof createCrmHarness>) {
  const h = await createCrmHarness(...args);
  open.push(h);
  return h;
}

describe('competitor intel by message', () => {
  it('files pending intel, a manager approves it into the knowledge base at once, the reporter earns points', async () => {
    const h = await harness();
    const r = await h.say('ou_wang', '竞品：隔壁XX店面霜买一送一，到周日');
    expect(r.text).toContain('已收到竞品情报 #1');
    expect(r.text).toContain('有效期至：2026-11-29');
    expect(r.text).toContain('沐岚舒缓修护面霜');
    await h.app.services.jobs.runDue();
    expect(h.sent.to('oc_mgr_jingan').at(-1)).toContain('新的竞品情报 #1 待审核');
    expect(h.app.services.knowledge.get('intel-1')).toBeUndefined();
    expect((await h.say('ou_li', '采纳 #1')).text).toContain('只有本店店长可以审核');
    expect((await h.say('ou_mgr_xh', '采纳 #1')).text).toContain('只有本店店长可以审核');
    const ok = await h.say('ou_mgr', '采纳 #1');
    expect(ok.text).toContain('小王 积分 +10');
    expect(ok.text).toContain('已加入知识库');
    const doc = h.app.services.knowledge.get('intel-1');
    expect(doc).toMatchObject({
      type: 'competitor',
      versus: expect.arrayContaining(['sk-calm-cream']),
      expiresAt: expect.any(Number),
    });
    const hits = await h.app.services.knowledge.search('隔壁店面霜买一送一', { types: ['competitor'], k: 5 });
    expect(hits.map((x) => x.doc.id)).toContain('intel-1');
    expect(h.sent.to('oc_p2p_ou_wang').at(-1)).toContain('已被采纳，积分 +10');
    expect((await h.say('ou_mgr', '采纳 #1')).text).toContain('之前已处理');
    await h.say('ou_li', '竞品：万达那家屈臣氏同款防晒 89 元特价');
    await h.say('ou_mgr', '采纳 #2 +20');
    await h.say('ou_li', '竞品：对面超市洗衣液打8折 3天');
    expect((await h.say('ou_mgr', '驳回 #3 重复了')).text).toContain('已驳回');
    const board = await h.say('ou_wang', '/积分榜');
    expect(board.text).toContain('静安店 积分榜');
    expect(board.text.indexOf('小李　20 分')).toBeLessThan(board.text.indexOf('小王　10 分'));
    expect(board.text).toMatch(/小王　10 分/);
    const pending = await h.say('ou_mgr', '情报');
    expect(pending.text).toContain('暂无待审核');
  });

  it('restores approved, unexpired intel into a fresh knowledge base on restart; expired intel stays out', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'daogou-intel-')), 'crm.db');
    const clock = createManualClock();
    const a = await harness({ db: await openSqlite(file), clock });
    await a.say('ou_wang', '竞品：隔壁XX店面霜买一送一，到周日');
    await a.say('ou_wang', '竞品：对面超市洗衣液打8折 今天');
    await a.say('ou_mgr', '采纳 #1');
    await a.say('ou_mgr', '采纳 #2');
    await a.app.close();
    open.splice(0);
    clock.advance(DAY);
    const b = await harness({ db: await openSqlite(file), clock });
    expect(b.app.services.knowledge.get('intel-1')).toBeDefined();
    expect(b.app.services.knowledge.get('intel-2')).toBeUndefined();
  });
});

describe('durable SLA timers', () => {
  it('survive a restart: a ticket filed before the restart is escalated by the new process', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'daogou-sla-')), 'crm.db');
    const clock = createManualClock();
    const a = await harness({ db: await openSqlite(file), clock });
    await a.say('ou_wang', '反馈：张先生说保温杯漏水 要退货');
    await a.app.close();
    open.splice(0);
    clock.advance(4 * HOUR + 1);
    const b = await harness({ db: await openSqlite(file), clock });
    expect(await b.app.services.jobs.runDue()).toBeGreaterThan(0);
    expect(b.sent.to('oc_mgr_jingan').join('\n')).toContain('工单 #1 已超时，升级给店长');
    expect((await b.app.services.crm.tickets.get(1))?.escalatedAt).toBeDefined();
  });

  it('sends the weekly digest to each store manager chat on Monday 09:00 China time', async () => {
    const h = await harness();
    await h.say('ou_wang', '反馈：王女士 13800138000 蓝罐面霜用了三天脸发红');
    await h.say('ou_zhao', '反馈：赵先生说电饭煲不加热');
    await h.say('ou_mgr', '结单 #1 已退款并回访');
    h.clock.advance(7 * DAY);
    await h.app.services.jobs.runDue();
    const jingan = h.sent.to('oc_mgr_jingan').find((t) => t.includes('周报'));
    expect(jingan).toContain('本周门店反馈周报（2026-11-23 至 2026-11-29）');
    expect(jingan).toContain('共 1 单（未结 0，升级 0）');
    expect(jingan).toContain('时限达成率：100%');
    expect(jingan).toContain('沐岚舒缓修护面霜：1 次');
    const xuhui = h.sent.to('oc_mgr_xuhui').find((t) => t.includes('周报'));
    expect(xuhui).toContain('共 1 单（未结 1');
    const next = await h.app.db.db
      .selectFrom('jobs')
      .select(['key', 'status'])
      .where('name', '=', 'crm.digest.weekly')
      .where('status', '=', 'pending')
      .execute();
    expect(next.map((j) => j.key)).toHaveLength(2);
  });
});
