import type { Hono } from 'hono';
import { isFaq } from '../../features/answer/match-curated-answer.js';
import { lintDocs } from '../../knowledge/open-knowledge-base.js';
import type { KnowledgeDoc } from '../../ports/knowledge.js';
import { type ConsoleDeps, type ConsoleEnv, renderPage } from './console-context.js';
import { h } from './html.js';
import { when } from './page-helpers.js';

/** A pack file is stale when its `updated` date is older than this (or missing). */
export const STALE_AFTER_DAYS = 180;
const DAY = 86400_000;
const TYPE_LABEL: Record<KnowledgeDoc['type'], string> = {
  product: '产品',
  competitor: '竞品',
  script: '话术',
  playbook: '投诉预案',
  faq: '标准答案',
};

/** Days since a document's `updated` date, or undefined when it was never set (or unreadable). */
function ageDays(doc: KnowledgeDoc, now: number): number | undefined {
  const t = doc.updated ? Date.parse(doc.updated) : Number.NaN;
  return Number.isNaN(t) ? undefined : Math.floor((now - t) / DAY);
}

/** `/console/knowledge`: validation problems, Advertising-Law findings, stale files and curated answers with use counts. */
export function registerKnowledge(app: Hono<ConsoleEnv>, deps: ConsoleDeps): void {
  app.get('/knowledge', async (c) => {
    const { knowledge, clock, curatedStats } = deps.services;
    const now = clock.now();
    const files = knowledge.all().filter((d) => d.path);
    const [issues, counts] = await Promise.all([deps.packIssues(), curatedStats?.counts() ?? new Map()]);
    const findings = lintDocs(files);
    const stale = files
      .map((d) => ({ d, age: ageDays(d, now) }))
      .filter((x) => x.age === undefined || x.age > STALE_AFTER_DAYS)
      .sort((a, b) => (b.age ?? Infinity) - (a.age ?? Infinity));
    const faqs = files.filter(isFaq).sort((a, b) => (counts.get(b.id)?.count ?? 0) - (counts.get(a.id)?.count ?? 0));
    const body = h`<div class="kpis">
<div class="kpi"><span class="muted">文件</span><b>${files.length}</b></div>
<div class="kpi"><span class="muted">格式问题</span><b>${issues.length}</b></div>
<div class="kpi"><span class="muted">广告法提示</span><b>${findings.length}</b></div>
<div class="kpi"><span class="muted">超过 ${STALE_AFTER_DAYS} 天未更新</span><b>${stale.length}</b></div></div>
<div class="card"><h2>格式问题</h2>${
      issues.length
        ? h`<table class="table stack-sm"><thead><tr><th>文件</th><th>级别</th><th>原因</th></tr></thead><tbody>${issues.map((i) => h`<tr><td>${i.path}</td><td><span class="pill ${i.level === 'error' ? 'red' : 'orange'}">${i.level === 'error' ? '错误，未加载' : '提醒'}</span></td><td>${i.reason}</td></tr>`)}</tbody></table>`
        : h`<div class="muted">没有格式问题</div>`
    }</div>
<div class="card"><h2>广告法提示</h2>${
      findings.length
        ? h`<table class="table stack-sm"><thead><tr><th>文件</th><th>用语</th><th>所在句子</th></tr></thead><tbody>${findings.map((f) => h`<tr><td>${f.path}</td><td><span class="pill red">${f.kind === 'absolute' ? '绝对化' : '医疗'}「${f.term}」</span></td><td>${f.line.trim().slice(0, 120)}</td></tr>`)}</tbody></table>`
        : h`<div class="muted">没有发现广告法禁用语</div>`
    }</div>
<div class="card"><h2>需要更新的资料</h2>${
      stale.length
        ? h`<table class="table stack-sm"><thead><tr><th>文件</th><th>类型</th><th>最后更新</th></tr></thead><tbody>${stale.map((x) => h`<tr><td>${x.d.title}<div class="muted">${x.d.path}</div></td><td>${TYPE_LABEL[x.d.type]}</td><td><span class="pill orange">${x.age === undefined ? '从未填写更新日期' : `${x.d.updated}（${x.age} 天前）`}</span></td></tr>`)}</tbody></table>`
        : h`<div class="muted">所有资料都在 ${STALE_AFTER_DAYS} 天内更新过</div>`
    }</div>
<div class="card"><h2>标准答案（${faqs.length}）</h2>${
      faqs.length
        ? faqs.map((f) => {
            const n = counts.get(f.id);
            return h`<div id="${f.id}" class="card"><div class="row"><b>${f.question}</b><span class="pill blue">已使用 ${n?.count ?? 0} 次</span></div>
<div class="quote">${f.answer}</div><div class="muted">${f.variants.length ? `其他问法：${f.variants.join(' / ')} · ` : ''}${f.author ?? ''} · ${f.date ?? ''}${n ? ` · 最近使用 ${when(n.lastAt)}` : ''} · ${f.path}</div></div>`;
          })
        : h`<div class="muted">还没有标准答案；在“知识缺口”或“差评回答”里写第一条</div>`
    }</div>`;
    return renderPage(c, { title: '知识库', active: '/console/knowledge', body });
  });
}
