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
  rt = await createTestRuntime({ packDir: copyDemoPack(), clock, env: { ADMIN_TOKEN: ADMIN, ROLES_FILE: roles } });
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
    const data = await (await admin.get('/console/data/overview?days=30')).json();
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
    expect((await asked.json()).declined).toBe(true);
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
    const after = await (
      await rt.http.request('/api/chat', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user: 'u-gap2', text: '顾客问停车能免费吗' }),
      })
    ).json();
    expect(after.answer).toMatch(/免费停车 2 小时/);
    expect(after.sources[0].type).toBe('faq');
    const knowledge = await (await admin.get('/console/knowledge')).text();
    expect(knowledge).toMatch(/已使用 1 次/);
  });
});
