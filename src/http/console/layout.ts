import type { ConsoleActor } from './console-session.js';
import { h, raw, type SafeHtml } from './html.js';

/** The console's pages, in menu order. */
export const NAV = [
  { path: '/console', label: '概览' },
  { path: '/console/gaps', label: '知识缺口' },
  { path: '/console/votes', label: '差评回答' },
  { path: '/console/tickets', label: '工单' },
  { path: '/console/intel', label: '竞品情报' },
  { path: '/console/quizzes', label: '测验' },
  { path: '/console/associates', label: '店员成长' },
  { path: '/console/knowledge', label: '知识库' },
  { path: '/console/import', label: '导入产品' },
] as const;

export const CONSOLE_CSS = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:15px/1.6 -apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;background:#f4f5f7;color:#1f2329;overflow-wrap:anywhere}
a{color:#1456f0;text-decoration:none}
header.top{position:sticky;top:0;z-index:10;background:#1456f0;color:#fff;box-shadow:0 1px 4px rgba(0,0,0,.12)}
.bar{display:flex;align-items:center;gap:8px;padding:10px 14px;max-width:1100px;margin:0 auto}
.bar .brand{font-weight:600;font-size:16px;flex:1;min-width:0;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.bar .who{font-size:13px;opacity:.9;white-space:nowrap}
.bar form{margin:0}
.bar button{background:rgba(255,255,255,.18);color:#fff;border:0;padding:5px 10px;border-radius:6px;font-size:13px}
nav.menu{display:flex;gap:4px;overflow-x:auto;padding:0 10px 8px;max-width:1100px;margin:0 auto;scrollbar-width:none}
nav.menu a{color:#dfe7ff;padding:5px 10px;border-radius:14px;white-space:nowrap;font-size:14px}
nav.menu a.on{background:#fff;color:#1456f0;font-weight:600}
main{max-width:1100px;margin:0 auto;padding:12px}
h1{font-size:19px;margin:6px 0 12px}
h2{font-size:16px;margin:0 0 8px}
.card{background:#fff;border:1px solid #e4e6eb;border-radius:10px;padding:12px;margin:0 0 12px;min-width:0}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:12px}
.grid>.card{margin:0}
.chart{width:100%;height:260px}
.muted{color:#646a73;font-size:13px}
.pill{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;background:#eef1f5;color:#3b4350;margin:0 4px 2px 0}
.pill.red{background:#fde7e7;color:#c02727}.pill.orange{background:#fff0db;color:#a55c00}.pill.green{background:#e3f6e9;color:#1f7a3d}.pill.blue{background:#e6efff;color:#1456f0}
.row{display:flex;flex-wrap:wrap;gap:8px;align-items:center}
.tabs{display:flex;gap:6px;margin:0 0 12px;flex-wrap:wrap}
.tabs a{padding:4px 12px;border-radius:14px;background:#fff;border:1px solid #d7dbe2;color:#3b4350;font-size:14px}
.tabs a.on{background:#1456f0;border-color:#1456f0;color:#fff}
form.stack{display:grid;gap:8px}
label{font-size:13px;color:#3b4350;display:grid;gap:4px}
label.inline{display:flex;gap:6px;align-items:center;white-space:nowrap}
label.inline input,label.inline select{width:auto}
form.picker{margin:0 0 12px}
input,select,textarea{font:inherit;font-size:16px;padding:8px 10px;border:1px solid #c9cdd4;border-radius:8px;width:100%;min-width:0;background:#fff}
textarea{min-height:84px;resize:vertical}
button,.btn{font:inherit;font-size:15px;padding:8px 14px;border:0;border-radius:8px;background:#1456f0;color:#fff;cursor:pointer;display:inline-block}
button.ghost{background:#eef1f5;color:#1f2329}
button.danger{background:#d83931}
details>summary{cursor:pointer;color:#1456f0;margin:6px 0}
.table{width:100%;border-collapse:collapse;font-size:14px}
.table th,.table td{text-align:left;padding:6px 8px;border-bottom:1px solid #eef0f3;vertical-align:top}
.scroll{overflow-x:auto;max-width:100%}
.flash{padding:10px 12px;border-radius:8px;margin:0 0 12px}
.flash.ok{background:#e3f6e9;color:#1f7a3d}.flash.err{background:#fde7e7;color:#a52020}
.kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(140px,1fr));gap:12px;margin:0 0 12px}
.kpi{background:#fff;border:1px solid #e4e6eb;border-radius:10px;padding:10px 12px}
.kpi b{display:block;font-size:22px}
.quote{white-space:pre-wrap;background:#f7f8fa;border-left:3px solid #c9cdd4;padding:6px 10px;border-radius:4px;margin:6px 0;font-size:14px}
ol.steps{margin:4px 0;padding-left:20px}
.login{max-width:380px;margin:10vh auto;padding:0 12px}
@media (max-width:600px){.table.stack-sm thead{display:none}.table.stack-sm tr{display:block;border-bottom:1px solid #eef0f3;padding:6px 0}.table.stack-sm td{display:block;border:0;padding:2px 4px}}
`;

export interface PageOptions {
  title: string;
  actor: ConsoleActor;
  csrf: string;
  active: string;
  body: SafeHtml;
  flash?: { kind: 'ok' | 'err'; text: string };
  /** Loads ECharts before the console script. */
  charts?: boolean;
}

/** The console page shell: sticky header with the menu and logout, then the page. */
export function page(o: PageOptions): string {
  const who = o.actor.kind === 'admin' ? '管理员' : `${o.actor.name} · ${o.actor.storeId ?? ''}`;
  return h`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${o.title} · 导购助手管理台</title>
<link rel="stylesheet" href="/console/assets/console.css">
</head><body data-csrf="${o.csrf}">
<header class="top"><div class="bar"><span class="brand">导购助手 · 管理台</span><span class="who">${who}</span>
<form method="post" action="/console/logout"><input type="hidden" name="_csrf" value="${o.csrf}"><button type="submit">退出登录</button></form></div>
<nav class="menu">${NAV.map((n) => h`<a href="${n.path}" class="${n.path === o.active ? 'on' : ''}">${n.label}</a>`)}</nav></header>
<main>
<h1>${o.title}</h1>
${o.flash ? h`<div class="flash ${o.flash.kind}" role="status">${o.flash.text}</div>` : ''}
${o.body}
</main>
${o.charts ? raw('<script src="/console/assets/echarts.js"></script>') : ''}
<script src="/console/assets/console.js"></script>
</body></html>`.value;
}

/** The login page (401 when shown instead of a page). */
export function loginPage(opts: { error?: string; links?: boolean }): string {
  return h`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>登录 · 导购助手管理台</title>
<link rel="stylesheet" href="/console/assets/console.css">
</head><body>
<div class="login"><div class="card">
<h1>导购助手 · 管理台</h1>
<p class="muted">请输入管理员令牌（ADMIN_TOKEN）或店长个人令牌。${opts.links ? '店长也可以在飞书里给机器人发送 /console，获取 10 分钟内有效的一次性登录链接。' : ''}</p>
${opts.error ? h`<div class="flash err" role="alert">${opts.error}</div>` : ''}
<form class="stack" method="post" action="/console/login">
<label>令牌<input type="password" name="token" autocomplete="current-password" required></label>
<button type="submit">登录</button>
</form></div></div></body></html>`.value;
}
