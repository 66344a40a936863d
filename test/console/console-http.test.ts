import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/reply.js';
import type { ChannelClient } from '../../src/ports/channel.js';
import { createManualClock } from '../../src/ports/clock.js';
import { copyDemoPack } from '../helpers/copy-pack.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';
import { type ConsoleClient, clientFromCookie, loginConsole } from './console-helpers.js';

const ADMIN = 'console-admin-token-0123456789';
const MANAGER_TOKEN = 'zhang-personal-token-abcdefghijk';
const PAGES = [
  '/console',
  '/console/gaps',
  '/console/votes',
  '/console/tickets',
  '/console/intel',
  '/console/quizzes',
  '/console/associates',
  '/console/knowledge',
  '/console/import',
];
const DATA = ['/console/data/overview', '/console/data/overview?days=90', '/console/data/quizzes/quiz_x'];

let rt: TestRuntime;
let admin: ConsoleClient;
const clock = createManualClock();
const sent: { chatId: string; reply: Reply }[] = [];

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'daogou-roles-'));
  const roles = join(dir, 'roles.yaml');
  const hash = createHash('sha256').update(MANAGER_TOKEN).digest('hex');
  writeFileSync(
    roles,
    `stores:\n  sh-jingan:\n    name: 静安店\n    managers:\n      - { channel: lark, id: ou_zhang, name: 张店长, console_token_sha256: ${hash} }\n    associates: [lark:ou_li]\n  sh-xuhui:\n    name: 徐汇店\n    managers: [lark:ou_wang]\n    associates: [lark:ou_zhao]\n`,
  );
  const pack = copyDemoPack();
  writeFileSync(
    join(pack, 'products/old-kettle.md'),
    '---\nid: old-kettle\ntype: product\ntitle: 老款电水壶\nname: 老款电水壶\nupdated: 2025-01-02\n---\n## 核心卖点\n304 不锈钢内胆\n',
  );
  writeFileSync(
    join(pack, 'scripts/undated-script.md'),
    '---\nid: undated-script\ntype: script\ntitle: 没写日期的话术\nscenario: 开场\n---\n## 话术\n您好，欢迎光临\n',
  );
  rt = await createTestRuntime({ packDir: pack, clock, env: { ADMIN_TOKEN: ADMIN, ROLES_FILE: roles } });
  const fakeLark: ChannelClient = {
    channel: 'lark',
    reply: async () => {},
    send: async (target, reply) => {
      sent.push({ chatId: target.chatId, reply });
    },
  };
  rt.services.messenger.register(fakeLark);
  admin = await loginConsole(rt, ADMIN);
});
afterAll(async () => rt.close());

const say = (userId: string, text: string) =>
  rt.assistant.handle({
    eventId: `ev-${Math.random()}`,
    channel: 'lark',
    chatId: `oc_${userId}`,
    chatType: 'p2p',
    userId,
    text,
    addressedToBot: true,
    sentAt: clock.now(),
  });

describe('console login and sessions', () => {
  it('shows only a login form (401) to a request without a session, for every page and data route', async () => {
    for (const p of PAGES) {
      const res = await rt.http.request(p);
      expect(res.status, p).toBe(401);
      const html = await res.text();
      expect(html).toMatch(/name="token"/);
      expect(html).not.toMatch(/<main>/);
    }
    for (const p of DATA) {
      const res = await rt.http.request(p);
      expect(res.status, p).toBe(401);
      expect(await res.json()).toEqual({ error: 'unauthorized', message: '请先登录管理台' });
    }
    const forged = await rt.http.request('/console/tickets', { headers: { cookie: 'dg_console=forged' } });
    expect(forged.status).toBe(401);
  });

  it('rejects a wrong token with 401 and no cookie; the right one sets an HttpOnly SameSite cookie', async () => {
    const bad = await rt.http.request('/console/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'token=wrong',
    });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('set-cookie')).toBeNull();
    const ok = await rt.http.request('/console/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: ADMIN }).toString(),
    });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/console');
    const cookie = ok.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^dg_console=[A-Za-z0-9_-]{40,};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/console/);
    expect(cookie).toMatch(/Max-Age=28800/);
  });

  it('serves every page and data route to a session, in Chinese, with a CSP and no inline script', async () => {
    for (const p of PAGES) {
      const res = await admin.get(p);
      expect(res.status, p).toBe(200);
      const html = await res.text();
      expect(html).toMatch(/退出登录/);
      expect(html).not.toMatch(/<script>/);
      expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    }
    const data = (await (await admin.get('/console/data/overview?days=30')).json()) as {
      days: number;
      dates: string[];
    };
    expect(data.days).toBe(30);
    expect(data.dates).toHaveLength(30);
  });

  it('refuses state-changing forms without the CSRF token or from another origin', async () => {
    const noToken = await rt.http.request('/console/gaps/answer', {
      method: 'POST',
      headers: { cookie: admin.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'question=a&answer=b',
    });
    expect(noToken.status).toBe(403);
    const crossSite = await rt.http.request('/console/gaps/answer', {
      method: 'POST',
      headers: {
        cookie: admin.cookie,
        origin: 'https://evil.example',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ _csrf: admin.csrf, question: 'a', answer: 'b' }).toString(),
    });
    expect(crossSite.status).toBe(403);
  });

  it('logs out, and sessions expire', async () => {
    const c = await loginConsole(rt, ADMIN);
    expect((await c.post('/console/logout', {})).status).toBe(303);
    expect((await c.get('/console')).status).toBe(401);
    const d = await loginConsole(rt, ADMIN);
    clock.advance(8 * 3600_000 + 1000);
    expect((await d.get('/console')).status).toBe(401);
    admin = await loginConsole(rt, ADMIN);
  });
});

describe('managers', () => {
  it('log in with a personal token and see only their own store', async () => {
    await say('ou_li', '反馈：顾客说蓝罐面霜用了三天脸发红');
    await say('ou_zhao', '反馈：顾客说洗衣液包装漏了');
    const zhang = await loginConsole(rt, MANAGER_TOKEN);
    const page = await (await zhang.get('/console/tickets')).text();
    expect(page).toMatch(/张店长/);
    expect(page).toMatch(/脸发红/);
    expect(page).not.toMatch(/包装漏了/);
    expect(page).not.toMatch(/全部门店/);
    const adminPage = await (await admin.get('/console/tickets')).text();
    expect(adminPage).toMatch(/包装漏了/);
    // Another store's ticket cannot be closed by this manager.
    const other = (await rt.services.crm.tickets.list({ storeId: 'sh-xuhui' }))[0];
    await zhang.post(`/console/tickets/${other?.no}/close`, { resolution: '已处理' });
    expect((await rt.services.crm.tickets.get(other?.no ?? 0))?.status).toBe('open');
    const own = (await rt.services.crm.tickets.list({ storeId: 'sh-jingan' }))[0];
    expect((await zhang.post(`/console/tickets/${own?.no}/close`, { resolution: '已退款并致歉' })).status).toBe(303);
    expect((await rt.services.crm.tickets.get(own?.no ?? 0))?.resolution).toBe('已退款并致歉');
  });

  it('get a one-time link, valid 10 minutes, by sending /console to the bot in private', async () => {
    const denied = await say('ou_li', '/console');
    expect(denied?.text).toMatch(/只有店长/);
    const reply = await say('ou_zhang', '/console');
    expect(reply?.text).toMatch(/已私信/);
    expect(reply?.text).not.toMatch(/http/);
    const dm = sent.at(-1);
    expect(dm?.chatId).toBe('ou_zhang');
    const url = /https?:\/\/\S+/.exec(dm?.reply.text ?? '')?.[0] ?? '';
    const t = new URL(url).searchParams.get('t') ?? '';
    // Opening the link (or a link preview) only shows a button; posting it logs in once.
    const confirm = await rt.http.request(`/console/login/link?t=${t}`);
    expect(confirm.status).toBe(200);
    const use = () =>
      rt.http.request('/console/login/link', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ t }).toString(),
      });
    const first = await use();
    expect(first.status).toBe(303);
    const zhang = await clientFromCookie(rt, first.headers.get('set-cookie') ?? '');
    expect(await (await zhang.get('/console')).text()).toMatch(/张店长/);
    expect((await use()).status).toBe(401);
    await say('ou_zhang', '/console');
    const late = new URL(/https?:\/\/\S+/.exec(sent.at(-1)?.reply.text ?? '')?.[0] ?? '').searchParams.get('t') ?? '';
    clock.advance(10 * 60_000 + 1);
    const expired = await rt.http.request('/console/login/link', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ t: late }).toString(),
    });
    expect(expired.status).toBe(401);
  });
});

describe('the knowledge loop in the console', () => {
  it('answers a gap: Ad-Law findings block the save, then the bot answers from the curated answer', async () => {
    const asked = await rt.http.request('/api/chat', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'u-gap', text: '停车可以免费吗' }),
    });
    expect(((await asked.json()) as { declined: boolean }).declined).toBe(true);
    const gaps = await (await admin.get('/console/gaps')).text();
    expect(gaps).toMatch(/停车可以免费吗/);
    expect(gaps).toMatch(/写标准答案/);
    const bad = await admin.post('/console/gaps/answer', {
      question: '停车可以免费吗',
      answer: '全网最低，停车绝对免费',
    });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toMatch(/广告法/);
    expect(html).toMatch(/全网最低/);
    expect(html).toMatch(/停车绝对免费/); // the form keeps what was typed
    const good = await admin.post('/console/gaps/answer', {
      question: '停车可以免费吗',
      answer: '购物满 200 元免费停车 2 小时',
      variants: '商场停车收费吗',
    });
    expect(good.status).toBe(303);
    const after = (await (
      await rt.http.request('/api/chat', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user: 'u-gap2', text: '顾客问停车能免费吗' }),
      })
    ).json()) as { answer: string; sources: { type: string }[] };
    expect(after.answer).toMatch(/免费停车 2 小时/);
    expect(after.sources[0]?.type).toBe('faq');
    const knowledge = await (await admin.get('/console/knowledge')).text();
    expect(knowledge).toMatch(/已使用 1 次/);
  });
});

describe('console pages act on the data', () => {
  it('approves and rejects intel, with points on the leaderboard', async () => {
    await say('ou_li', '竞品：隔壁店面霜买一送一，到周日');
    await say('ou_li', '竞品：隔壁店洗衣液第二件半价');
    const pending = await rt.services.crm.intel.list({ status: 'pending' });
    expect(pending.length).toBeGreaterThanOrEqual(2);
    const page = await (await admin.get('/console/intel')).text();
    expect(page).toMatch(/买一送一/);
    const [a, b] = pending;
    expect((await admin.post(`/console/intel/${a?.no}/approve`, { points: '15' })).status).toBe(303);
    expect((await admin.post(`/console/intel/${b?.no}/reject`, { reason: '重复' })).status).toBe(303);
    expect((await rt.services.crm.intel.get(a?.no ?? 0))?.status).toBe('approved');
    expect((await rt.services.crm.intel.get(b?.no ?? 0))?.reason).toBe('重复');
    const after = await (await admin.get('/console/intel')).text();
    expect(after).toMatch(/<td>15<\/td>/);
  });

  it('previews, pushes and reports a quiz', async () => {
    const preview = await admin.post('/console/quizzes/preview', {
      product_id: 'sk-purple-eye',
      chat_ids: 'oc_group_a\noc_group_b',
      duration: '48h',
      pass_score: '80',
      channel: 'lark',
    });
    const html = await preview.text();
    expect(html).toMatch(/知识卡片/);
    expect(html).toMatch(/确认推送/);
    const questions = /name="questions" value="([^"]+)"/
      .exec(html)?.[1]
      ?.replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&');
    const push = await admin.post('/console/quizzes/push', {
      product_id: 'sk-purple-eye',
      chat_ids: 'oc_group_a\noc_group_b',
      duration: '48h',
      pass_score: '80',
      channel: 'lark',
      questions: questions ?? '',
    });
    expect(push.status).toBe(303);
    const location = push.headers.get('location') ?? '';
    expect(location).toMatch(/^\/console\/quizzes\/quiz_/);
    const report = await (await admin.get(location)).text();
    expect(report).toMatch(/通过率/);
    expect(report).toMatch(/最薄弱的知识点/);
    const live = await (await admin.get(location.replace('/console/quizzes/', '/console/data/quizzes/'))).json();
    expect(live).toMatchObject({ passRate: '0%' });
  });

  it('lists 👎 from Lark cards with the answer and marks them fixed with a curated answer', async () => {
    const reply = await say('ou_li', '紫管眼霜跟隔壁那款比咋样');
    const handler = rt.services.cardActions?.get?.('vote');
    const { createVoteHandler } = await import('../../src/channels/lark/vote-action.js');
    await (handler ?? createVoteHandler(rt.services))({
      action: 'vote',
      value: { action: 'vote', reply_id: reply?.id ?? '', vote: 'down' },
      channel: 'lark',
      userId: 'ou_li',
      chatId: 'oc_ou_li',
      eventId: 'card-ev-1',
    } as never);
    const votes = await (await admin.get('/console/votes')).text();
    expect(votes).toMatch(/紫管眼霜跟隔壁那款比咋样/);
    expect(votes).toMatch(/飞书卡片/);
    expect(votes).toMatch(/依据：/);
    const fix = await admin.post('/console/votes/answer', {
      reply: reply?.id ?? '',
      question: '紫管眼霜跟隔壁那款比咋样',
      answer: '紫管 268 元带按摩头，浓度更温和；薇朵浓度更高，适合 A 醇老用户。',
      product_id: 'sk-purple-eye',
    });
    expect(fix.status).toBe(303);
    const fixed = await (await admin.get('/console/votes')).text();
    expect(fixed).toMatch(/已修正/);
    expect(fixed).toMatch(/href="\/console\/knowledge#faq-/);
  });

  it('flags pack files not updated for 180 days, or never', async () => {
    const html = await (await admin.get('/console/knowledge')).text();
    expect(html).toMatch(/需要更新的资料/);
    expect(html).toMatch(/老款电水壶[\s\S]*2025-01-02（\d+ 天前）/);
    expect(html).toMatch(/没写日期的话术[\s\S]*从未填写更新日期/);
    expect(html).not.toMatch(/沐岚紫管淡纹眼霜<div class="muted">products/);
  });
});

describe('login throttling', () => {
  it('answers 429 after ten wrong tokens from one client, for ten minutes', async () => {
    const attempt = (token: string) =>
      rt.http.request('/console/login', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '203.0.113.9' },
        body: new URLSearchParams({ token }).toString(),
      });
    for (let i = 0; i < 10; i++) expect((await attempt(`guess-${i}`)).status).toBe(401);
    expect((await attempt(ADMIN)).status).toBe(429);
    clock.advance(10 * 60_000 + 1);
    expect((await attempt(ADMIN)).status).toBe(303);
  });
});
