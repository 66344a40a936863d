import { Hono } from 'hono';
import { timingSafeEqual } from 'hono/utils/buffer';
import type { ConsoleDeps, ConsoleEnv } from './console-context.js';
import { CONSOLE_JS } from './console-js.js';
import type { createConsoleLinks } from './console-links.js';
import { type ConsoleActor, sha256Hex } from './console-session.js';
import { h } from './html.js';
import { CONSOLE_CSS, loginPage } from './layout.js';
import { registerPages } from './register-pages.js';

export interface ConsoleOptions extends ConsoleDeps {
  adminToken?: string;
  links?: ReturnType<typeof createConsoleLinks>;
  /** The ECharts browser bundle (served to logged-in pages as /console/assets/echarts.js). */
  echartsJs: () => Promise<string>;
}

/** Wrong tokens allowed per client within the window before logins answer 429. */
const MAX_LOGIN_FAILURES = 10;
const LOGIN_WINDOW_MS = 10 * 60_000;

const PUBLIC = new Set([
  '/console/login',
  '/console/login/link',
  '/console/assets/console.css',
  '/console/assets/console.js',
  '/console/assets/echarts.js',
]);

/** A same-origin check for state-changing requests (SameSite=Strict does most of the work). */
function sameOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (!origin) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/**
 * The manager's console (mount at /console): login with ADMIN_TOKEN, a manager's personal
 * token or a one-time link, then the pages. Every page and every data route needs a session;
 * every POST needs the session's CSRF token and a same-origin request.
 */
export function createConsole(opts: ConsoleOptions): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const { services, sessions } = opts;
  let echarts: Promise<string> | undefined;
  // Failed logins per client in the current window: guessing tokens gets slow, not free.
  const failures = new Map<string, { n: number; since: number }>();
  const clientOf = (c: { req: { header(name: string): string | undefined } }) =>
    c.req.header('x-forwarded-for')?.split(',')[0]?.trim() || c.req.header('x-real-ip') || 'local';
  const tooMany = (who: string) => {
    const f = failures.get(who);
    return Boolean(f && services.clock.now() - f.since < LOGIN_WINDOW_MS && f.n >= MAX_LOGIN_FAILURES);
  };
  const failed = (who: string) => {
    const now = services.clock.now();
    const f = failures.get(who);
    failures.set(who, f && now - f.since < LOGIN_WINDOW_MS ? { n: f.n + 1, since: f.since } : { n: 1, since: now });
    if (failures.size > 10_000) failures.clear();
  };

  app.get('/assets/console.css', (c) => {
    c.header('cache-control', 'public, max-age=3600');
    return c.body(CONSOLE_CSS, 200, { 'content-type': 'text/css; charset=utf-8' });
  });
  app.get('/assets/console.js', (c) => {
    c.header('cache-control', 'public, max-age=3600');
    return c.body(CONSOLE_JS, 200, { 'content-type': 'text/javascript; charset=utf-8' });
  });
  app.get('/assets/echarts.js', async (c) => {
    echarts ??= opts.echartsJs();
    c.header('cache-control', 'public, max-age=86400');
    return c.body(await echarts, 200, { 'content-type': 'text/javascript; charset=utf-8' });
  });

  app.use('*', async (c, next) => {
    // No inline scripts anywhere in the console: a stored XSS cannot run.
    c.header(
      'content-security-policy',
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'",
    );
    c.header('x-content-type-options', 'nosniff');
    // same-origin, not no-referrer: with no-referrer browsers send `Origin: null` on form posts.
    c.header('referrer-policy', 'same-origin');
    if (c.req.method === 'POST' && !sameOrigin(c.req.header('origin'), c.req.header('host')))
      return c.text('跨站请求被拒绝', 403);
    if (PUBLIC.has(c.req.path)) return next();
    c.header('cache-control', 'no-store');
    const session = await sessions.read(c);
    if (!session) {
      if (c.req.path.startsWith('/console/data/'))
        return c.json({ error: 'unauthorized', message: '请先登录管理台' }, 401);
      return c.html(
        loginPage({
          links: Boolean(opts.links),
          ...(c.req.method === 'POST' ? { error: '登录已过期，请重新登录' } : {}),
        }),
        401,
      );
    }
    if (c.req.method === 'POST') {
      const body = await c.req.parseBody();
      const csrf = typeof body._csrf === 'string' ? body._csrf : '';
      if (!csrf || !(await timingSafeEqual(csrf, session.csrf))) return c.text('表单已过期，请刷新页面后重试', 403);
    }
    c.set('session', session);
    if (session.flash) {
      const { flash: _shown, ...rest } = session;
      await sessions.save(c, rest);
    }
    return next();
  });

  app.get('/login', (c) => c.redirect('/console'));
  app.post('/login', async (c) => {
    const who = clientOf(c);
    if (tooMany(who))
      return c.html(loginPage({ error: '尝试次数太多，请 10 分钟后再试', links: Boolean(opts.links) }), 429);
    const body = await c.req.parseBody();
    const token = typeof body.token === 'string' ? body.token.trim() : '';
    const actor = token ? await findActor(token) : undefined;
    if (!actor) {
      failed(who);
      return c.html(loginPage({ error: '令牌不对，请检查后重试', links: Boolean(opts.links) }), 401);
    }
    await sessions.start(c, actor);
    return c.redirect('/console', 303);
  });

  async function findActor(token: string): Promise<ConsoleActor | undefined> {
    if (opts.adminToken && (await timingSafeEqual(token, opts.adminToken)))
      return { kind: 'admin', id: 'admin', name: '管理员' };
    const hash = await sha256Hex(token);
    for (const m of services.roles.consoleLogins?.() ?? []) {
      if (await timingSafeEqual(hash, m.tokenSha256))
        return { kind: 'manager', id: m.userId, name: m.name ?? m.userId, storeId: m.storeId };
    }
    return undefined;
  }

  // A link preview (Lark unfurls URLs) must not use up the link: GET only shows a button.
  app.get('/login/link', (c) => {
    const t = c.req.query('t') ?? '';
    return c.html(
      h`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>登录 · 导购助手管理台</title><link rel="stylesheet" href="/console/assets/console.css"></head><body>
<div class="login"><div class="card"><h1>导购助手 · 管理台</h1><p class="muted">这是你在飞书里收到的一次性登录链接，10 分钟内有效，只能用一次。</p>
<form method="post" action="/console/login/link" class="stack"><input type="hidden" name="t" value="${t}"><button type="submit">登录管理台</button></form></div></div></body></html>`
        .value,
    );
  });
  app.post('/login/link', async (c) => {
    const body = await c.req.parseBody();
    const user = opts.links && typeof body.t === 'string' ? await opts.links.consume(body.t) : undefined;
    if (!user)
      return c.html(loginPage({ error: '登录链接无效或已过期，请在飞书里重新发送 /console', links: true }), 401);
    const role = services.roles.resolve(user.channel, user.userId);
    if (role.role !== 'manager') return c.html(loginPage({ error: '只有店长可以登录管理台' }), 403);
    await sessions.start(c, {
      kind: 'manager',
      id: user.userId,
      name: user.name ?? role.name ?? user.userId,
      storeId: role.storeId,
    });
    return c.redirect('/console', 303);
  });

  app.post('/logout', async (c) => {
    await sessions.end(c);
    return c.redirect('/console', 303);
  });

  registerPages(app, opts);
  return app;
}
