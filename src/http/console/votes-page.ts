import type { Hono } from 'hono';
import { SOURCES_PREFIX } from '../../core/render-text.js';
import { isFaq } from '../../features/answer/match-curated-answer.js';
import { saveCuratedAnswer } from '../../features/curated/save-curated-answer.js';
import type { InteractionRecord } from '../../ports/crm.js';
import {
  type ConsoleContext,
  type ConsoleDeps,
  type ConsoleEnv,
  renderPage,
  storeScope,
  type VoteFix,
} from './console-context.js';
import { type CuratedFormState, curatedForm, readCuratedForm } from './curated-form.js';
import { h } from './html.js';
import { csrfField, docTitle, field, flashRedirect, storePicker, when } from './page-helpers.js';

const DAY = 86400_000;

interface DownVote {
  vote: InteractionRecord;
  reply?: InteractionRecord;
  fix?: VoteFix;
}

async function loadDownVotes(deps: ConsoleDeps, store: string | undefined): Promise<DownVote[]> {
  const from = deps.services.clock.now() - 90 * DAY;
  const all = await deps.services.crm.listInteractions({ from, limit: 200_000, ...(store ? { storeId: store } : {}) });
  const byReply = new Map(all.filter((r) => r.kind !== 'vote').map((r) => [r.replyId ?? r.id, r]));
  const seen = new Set<string>();
  const out: DownVote[] = [];
  for (const v of all) {
    if (v.kind !== 'vote' || v.vote !== 'down' || !v.replyId || seen.has(v.replyId)) continue;
    seen.add(v.replyId);
    const reply = byReply.get(v.replyId);
    const fix = await deps.fixes.read(v.replyId);
    out.push({ vote: v, ...(reply ? { reply } : {}), ...(fix ? { fix } : {}) });
  }
  return out;
}

/** The bot's answer text without its title line and sources line, as a starting point for the fix. */
const answerBody = (text: string) =>
  text
    .split('\n')
    .filter((l) => !/^【.*】$/.test(l) && !l.startsWith(SOURCES_PREFIX))
    .map((l) => l.replace(/^▍|^·\s?/, ''))
    .join('\n')
    .trim();

function voteCard(c: ConsoleContext, deps: ConsoleDeps, d: DownVote, form?: CuratedFormState) {
  const r = d.reply;
  const replyId = d.vote.replyId ?? '';
  const faqs = deps.services.knowledge.all().filter(isFaq);
  return h`<div class="card" data-vote="${replyId}">
<div class="row"><b>${r?.text || '（问题未记录）'}</b>${d.fix ? h`<span class="pill green">已修正</span>` : h`<span class="pill red">👎 待处理</span>`}</div>
<div class="muted">${when(d.vote.at)} · ${d.vote.channel === 'lark' ? '飞书卡片' : d.vote.channel === 'http' ? '网页试用' : d.vote.channel}</div>
${r ? h`<div class="quote">${r.answer}</div>` : ''}
${r?.sources.length ? h`<div class="muted">依据：${r.sources.map((s) => `${docTitle(deps, s.id)}${s.section ? ` · ${s.section}` : ''}`).join('；')}</div>` : ''}
${
  d.fix
    ? h`<div>已由标准答案 <a href="/console/knowledge#${d.fix.faqId}">${docTitle(deps, d.fix.faqId)}</a> 修正（${d.fix.by}，${when(d.fix.at)}）</div>`
    : h`${
        faqs.length
          ? h`<form class="row" method="post" action="/console/votes/fix">${csrfField(c)}<input type="hidden" name="reply" value="${replyId}">
<select name="faq_id" aria-label="选择标准答案">${faqs.map((f) => h`<option value="${f.id}">${f.question}</option>`)}</select><button type="submit" class="ghost">标记已修正</button></form>`
          : ''
      }
${curatedForm(
  c,
  deps,
  '/console/votes/answer',
  form ?? {
    question: r?.text ?? '',
    variants: [],
    answer: r ? answerBody(r.answer) : '',
    ...(r?.products.length === 1 && r.products[0] ? { productId: r.products[0] } : {}),
    hidden: { reply: replyId },
  },
  Boolean(form),
)}`
}
</div>`;
}

/** `/console/votes`: 👎 answers with question, answer and sources; fix each with a curated answer. */
export function registerVotes(app: Hono<ConsoleEnv>, deps: ConsoleDeps): void {
  const render = async (c: ConsoleContext, form?: { reply: string; state: CuratedFormState }) => {
    const requested = c.req.query('store');
    const votes = await loadDownVotes(deps, storeScope(c.get('session').actor, requested));
    const open = votes.filter((v) => !v.fix);
    const fixed = votes.filter((v) => v.fix);
    const body = h`${storePicker(c, deps, requested)}
<p class="muted">店员在飞书卡片或网页上点了 👎 的回答。写一条标准答案（或选已有的），这条就标记为已修正。</p>
${open.length ? open.map((v) => voteCard(c, deps, v, form && form.reply === v.vote.replyId ? form.state : undefined)) : h`<div class="card muted">没有待处理的 👎</div>`}
${fixed.length ? h`<h2>已修正（${fixed.length}）</h2>${fixed.map((v) => voteCard(c, deps, v))}` : ''}`;
    return renderPage(c, { title: '差评回答', active: '/console/votes', body }, form ? 422 : 200);
  };
  const markFixed = (c: ConsoleContext, reply: string, faqId: string) =>
    deps.fixes.write(reply, { faqId, at: deps.services.clock.now(), by: c.get('session').actor.name });

  app.get('/votes', (c) => render(c));
  app.post('/votes/fix', async (c) => {
    const body = await c.req.parseBody();
    const reply = field(body, 'reply');
    const faq = deps.services.knowledge.get(field(body, 'faq_id'));
    if (!reply || faq?.type !== 'faq') return flashRedirect(c, deps, '/console/votes', 'err', '请选择一条标准答案');
    await markFixed(c, reply, faq.id);
    return flashRedirect(c, deps, '/console/votes', 'ok', `已标记为已修正：${faq.question}`);
  });
  app.post('/votes/answer', async (c) => {
    const body = await c.req.parseBody();
    const reply = field(body, 'reply');
    const input = readCuratedForm(body);
    const r = await saveCuratedAnswer(deps.services, { ...input, author: c.get('session').actor.name });
    if (!r.ok)
      return render(c, {
        reply,
        state: {
          ...input,
          hidden: { reply },
          error: r.message,
          ...(r.code === 'ad_law' ? { findings: r.findings } : {}),
        },
      });
    if (reply) await markFixed(c, reply, r.id);
    return flashRedirect(c, deps, '/console/votes', 'ok', `已保存标准答案并标记已修正：${input.question}`);
  });
}
