import type { Hono } from 'hono';
import type { ChannelName } from '../../core/message.js';
import { findAmbiguity } from '../../features/quiz/check-question.js';
import { createQuiz, draftQuestions } from '../../features/quiz/create-quiz.js';
import { buildKnowledgeCard } from '../../features/quiz/knowledge-card.js';
import { formatDuration, parseDuration } from '../../features/quiz/parse-duration.js';
import { buildQuizReport, type QuizReport } from '../../features/quiz/quiz-report.js';
import type { QuizQuestion, QuizRecord } from '../../ports/quiz-store.js';
import { DEFAULT_STORE } from '../../ports/roles.js';
import { questionsSchema } from '../quiz-api/questions-schema.js';
import { type ConsoleContext, type ConsoleDeps, type ConsoleEnv, renderPage, storeScope } from './console-context.js';
import { h } from './html.js';
import { csrfField, field, flashRedirect, when } from './page-helpers.js';

const CHANNELS: { id: ChannelName; label: string }[] = [
  { id: 'lark', label: '飞书' },
  { id: 'wecom', label: '企业微信' },
  { id: 'wechaty', label: '微信' },
];
const pct = (x: number) => `${Math.round(x * 100)}%`;

interface QuizForm {
  product: string;
  chats: string[];
  duration: string;
  pass: number;
  channel: ChannelName;
}

function readForm(body: Record<string, unknown>): QuizForm | string {
  const product = field(body, 'product_id').trim();
  const chats = [
    ...new Set(
      field(body, 'chat_ids')
        .split(/[\s,，]+/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ].slice(0, 5000);
  const duration = field(body, 'duration').trim() || '48h';
  const pass = Number(field(body, 'pass_score') || 80);
  const ch = field(body, 'channel');
  const channel = CHANNELS.find((c) => c.id === ch)?.id ?? 'lark';
  if (!product) return '请选择产品';
  if (chats.length === 0) return '请填写要推送的群（群 ID，每行一个）';
  if (parseDuration(duration) === undefined) return '时长格式不对，例如 48h、2d、PT48H';
  if (!Number.isInteger(pass) || pass < 0 || pass > 100) return '及格分要在 0 到 100 之间';
  return { product, chats, duration, pass, channel };
}

function visible(c: ConsoleContext, q: QuizRecord | undefined): q is QuizRecord {
  const a = c.get('session').actor;
  return Boolean(q) && (a.kind === 'admin' || q?.storeId === a.storeId);
}

function createForm(c: ConsoleContext, deps: ConsoleDeps, f?: Partial<QuizForm>) {
  return h`<form class="stack" method="post" action="/console/quizzes/preview">${csrfField(c)}
<label>产品<select name="product_id" required>${deps.services.knowledge.products().map((p) => h`<option value="${p.id}" ${p.id === f?.product ? 'selected' : ''}>${p.name}</option>`)}</select></label>
<label>推送到的群（群 ID，每行一个）<textarea name="chat_ids" rows="2" required>${(f?.chats ?? []).join('\n')}</textarea></label>
<div class="grid"><label>渠道<select name="channel">${CHANNELS.map((ch) => h`<option value="${ch.id}" ${ch.id === f?.channel ? 'selected' : ''}>${ch.label}</option>`)}</select></label>
<label>答题时长<input name="duration" value="${f?.duration ?? '48h'}"></label>
<label>及格分<input name="pass_score" type="number" min="0" max="100" value="${f?.pass ?? 80}"></label></div>
<button type="submit">预览测验</button></form>`;
}

function questionList(qs: QuizQuestion[]) {
  return h`<ol class="steps">${qs.map(
    (q) =>
      h`<li><b>${q.stem}</b><span class="pill">${q.skill}</span><br>${q.options.map((o, i) => h`<span class="pill ${i === q.answer ? 'green' : ''}">${String.fromCharCode(65 + i)}. ${o}</span>`)}<div class="muted">${q.explanation}</div></li>`,
  )}</ol>`;
}

function reportBody(r: QuizReport, quiz: QuizRecord) {
  const weakest = r.questions.filter((q) => q.accuracy !== null).slice(0, 3);
  return h`<div class="kpis" data-live="/console/data/quizzes/${quiz.id}">
<div class="kpi"><span class="muted">完成</span><b data-field="completion">${r.finished} / ${r.expected}</b></div>
<div class="kpi"><span class="muted">通过率</span><b data-field="passRate">${pct(r.passRate)}</b></div>
<div class="kpi"><span class="muted">平均分</span><b data-field="average">${r.averageScore ?? '—'}</b></div>
<div class="kpi"><span class="muted">状态</span><b>${quiz.status === 'open' ? '进行中' : '已结束'}</b></div></div>
<div class="card"><h2>最薄弱的知识点</h2>${weakest.length ? h`<ol class="steps">${weakest.map((q) => h`<li>${q.stem}<span class="pill ${(q.accuracy ?? 1) < 0.6 ? 'red' : 'orange'}">正确率 ${pct(q.accuracy ?? 0)}</span></li>`)}</ol>` : h`<div class="muted">还没有人作答</div>`}</div>
<div class="card"><h2>未完成（${r.unfinished.length}）</h2>${r.unfinished.length ? h`<div class="row">${r.unfinished.map((u) => h`<span class="pill">${u.name ?? u.userId}</span>`)}</div>` : h`<div class="muted">全部完成 🎉</div>`}</div>
<details><summary>题目与答案</summary>${questionList(quiz.questions)}</details>`;
}

/** `/console/quizzes`: create (preview, then push), follow completion live, read the report. */
export function registerQuizzes(app: Hono<ConsoleEnv>, deps: ConsoleDeps): void {
  const { services } = deps;

  app.get('/quizzes', async (c) => {
    const store = storeScope(c.get('session').actor, c.req.query('store'));
    const list = (await services.quizzes?.list({ limit: 50, ...(store ? { storeId: store } : {}) })) ?? [];
    const reports = await Promise.all(list.map(async (q) => ({ q, r: await buildQuizReport(services, q) })));
    const body = h`<div class="card"><h2>新建测验</h2>${services.quizzes ? createForm(c, deps) : h`<div class="muted">测验需要数据库</div>`}</div>
<h2>最近的测验</h2>
${
  reports.length
    ? reports.map(
        ({
          q,
          r,
        }) => h`<div class="card" data-live="/console/data/quizzes/${q.id}"><div class="row"><a href="/console/quizzes/${q.id}"><b>${q.title}</b></a><span class="pill ${q.status === 'open' ? 'blue' : ''}">${q.status === 'open' ? '进行中' : '已结束'}</span></div>
<div class="muted">截止 ${when(q.deadline)} · 完成 <span data-field="completion">${r.finished} / ${r.expected}</span> · 通过率 <span data-field="passRate">${pct(r.passRate)}</span></div></div>`,
      )
    : h`<div class="card muted">还没有测验</div>`
}`;
    return renderPage(c, { title: '测验', active: '/console/quizzes', body });
  });

  app.post('/quizzes/preview', async (c) => {
    const body = await c.req.parseBody();
    const f = readForm(body);
    if (typeof f === 'string') return flashRedirect(c, deps, '/console/quizzes', 'err', f);
    const product = services.knowledge.get(f.product);
    if (product?.type !== 'product') return flashRedirect(c, deps, '/console/quizzes', 'err', '知识库里没有这个产品');
    const draft = await draftQuestions(services, product.id);
    const card = buildKnowledgeCard(services.knowledge, product);
    const page = h`<div class="card"><h2>知识卡片 · ${product.name}</h2>${card.map((b) => h`<div><b>${b.title}</b><ul>${b.lines.map((l) => h`<li>${l}</li>`)}</ul></div>`)}</div>
<div class="card"><h2>题目（${draft.questions.length}）</h2>${draft.warnings.map((w) => h`<div class="flash err">${w}</div>`)}${questionList(draft.questions)}</div>
<div class="card"><div class="muted">推送到 ${f.chats.length} 个群 · ${CHANNELS.find((x) => x.id === f.channel)?.label} · 时长 ${formatDuration(parseDuration(f.duration) ?? 0)} · 及格 ${f.pass} 分</div>
${
  draft.questions.length
    ? h`<form method="post" action="/console/quizzes/push" class="row">${csrfField(c)}
<input type="hidden" name="product_id" value="${f.product}"><input type="hidden" name="chat_ids" value="${f.chats.join('\n')}">
<input type="hidden" name="channel" value="${f.channel}"><input type="hidden" name="duration" value="${f.duration}"><input type="hidden" name="pass_score" value="${f.pass}">
<input type="hidden" name="questions" value="${JSON.stringify(draft.questions)}"><button type="submit">确认推送</button></form>`
    : ''
}</div>
<details><summary>修改设置</summary>${createForm(c, deps, f)}</details>`;
    return renderPage(c, { title: '测验预览', active: '/console/quizzes', body: page });
  });

  app.post('/quizzes/push', async (c) => {
    const body = await c.req.parseBody();
    const f = readForm(body);
    if (typeof f === 'string') return flashRedirect(c, deps, '/console/quizzes', 'err', f);
    let questions: QuizQuestion[];
    try {
      const parsed = questionsSchema.safeParse(JSON.parse(field(body, 'questions')));
      if (!parsed.success) throw new Error('bad questions');
      questions = parsed.data as QuizQuestion[];
    } catch {
      return flashRedirect(c, deps, '/console/quizzes', 'err', '题目数据有误，请重新预览');
    }
    if (questions.some((q) => findAmbiguity(services.knowledge, q)))
      return flashRedirect(c, deps, '/console/quizzes', 'err', '题目和知识库对不上，请重新预览');
    const actor = c.get('session').actor;
    const quiz = await createQuiz(services, {
      productId: f.product,
      channel: f.channel,
      chatIds: f.chats,
      durationMs: parseDuration(f.duration) ?? 0,
      passScore: f.pass,
      questions,
      createdBy: actor.kind === 'admin' ? 'admin' : actor.id,
      storeId: actor.storeId ?? DEFAULT_STORE,
    });
    void services.jobs.runDue().catch(() => {});
    return flashRedirect(c, deps, `/console/quizzes/${quiz.id}`, 'ok', `测验已推送到 ${f.chats.length} 个群`);
  });

  app.get('/quizzes/:id', async (c) => {
    const quiz = await services.quizzes?.get(c.req.param('id'));
    if (!visible(c, quiz))
      return renderPage(
        c,
        { title: '测验', active: '/console/quizzes', body: h`<div class="card muted">没有这个测验</div>` },
        404,
      );
    const r = await buildQuizReport(services, quiz);
    return renderPage(c, { title: `测验报告 · ${quiz.title}`, active: '/console/quizzes', body: reportBody(r, quiz) });
  });

  app.get('/data/quizzes/:id', async (c) => {
    const quiz = await services.quizzes?.get(c.req.param('id'));
    if (!visible(c, quiz)) return c.json({ error: 'not_found', message: '没有这个测验' }, 404);
    const r = await buildQuizReport(services, quiz);
    return c.json({
      completion: `${r.finished} / ${r.expected}`,
      passRate: pct(r.passRate),
      average: r.averageScore ?? '—',
      finished: r.finished,
      expected: r.expected,
    });
  });
}
