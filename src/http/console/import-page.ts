import type { Hono } from 'hono';
import { formatChinaDate } from '../../features/feedback/china-time.js';
import { type ImportPreview, previewProductImport, recordsToTable } from '../../features/import/product-rows.js';
import { writeProducts } from '../../features/import/write-products.js';
import { type ConsoleContext, type ConsoleDeps, type ConsoleEnv, renderPage } from './console-context.js';
import { randomToken } from './console-session.js';
import { h } from './html.js';
import { csrfField, field, flashRedirect } from './page-helpers.js';

/** A validated import waiting for the manager's confirmation. */
export interface ImportBatch {
  source: string;
  preview: ImportPreview;
  by: string;
  expiresAt: number;
}

const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

function previewBody(c: ConsoleContext, p: ImportPreview, batchId: string, source: string) {
  const ok = p.rows.filter((r) => !r.errors.length);
  const bad = p.rows.filter((r) => r.errors.length);
  return h`<div class="kpis"><div class="kpi"><span class="muted">来源</span><b>${source}</b></div>
<div class="kpi"><span class="muted">可导入</span><b>${ok.length}</b></div><div class="kpi"><span class="muted">有错误</span><b>${bad.length}</b></div>
<div class="kpi"><span class="muted">作为正文的列</span><b>${p.sectionColumns.length}</b></div></div>
${p.fileErrors.map((e) => h`<div class="flash err" role="alert">${e}</div>`)}
${p.sectionColumns.length ? h`<p class="muted">这些列会成为产品资料里的小节：${p.sectionColumns.join('、')}</p>` : ''}
${
  p.rows.length
    ? h`<div class="card"><table class="table stack-sm"><thead><tr><th>行</th><th>编号</th><th>名称</th><th>检查结果</th></tr></thead><tbody>${p.rows.map(
        (r) =>
          h`<tr data-row="${r.line}"><td>${r.line}</td><td>${r.id}</td><td>${r.name}</td><td>${r.errors.map((e) => h`<span class="pill red">${e}</span>`)}${r.warnings.map((w) => h`<span class="pill orange">${w}</span>`)}${r.errors.length || r.warnings.length ? '' : h`<span class="pill green">可以导入</span>`}</td></tr>`,
      )}</tbody></table></div>`
    : ''
}
${
  ok.length
    ? h`<form method="post" action="/console/import/confirm" class="row">${csrfField(c)}<input type="hidden" name="batch" value="${batchId}">
<button type="submit">导入 ${ok.length} 个产品</button><span class="muted">${bad.length ? `有错误的 ${bad.length} 行会跳过。` : ''}导入后机器人马上能回答这些产品。</span></form>`
    : h`<div class="muted">没有可以导入的行，请修改文件后重新上传。</div>`
}`;
}

/** `/console/import`: upload a CSV/XLSX product list or read the Bitable table, preview the validation, then write. */
export function registerImport(
  app: Hono<ConsoleEnv>,
  deps: ConsoleDeps & { readTable?: (name: string, bytes: Uint8Array) => string[][] },
): void {
  const { services } = deps;
  const stage = async (c: ConsoleContext, table: string[][], source: string) => {
    const preview = previewProductImport(table, services.knowledge, formatChinaDate(services.clock.now()));
    const id = randomToken();
    await deps.imports.write(id, {
      source,
      preview,
      by: c.get('session').actor.id,
      expiresAt: services.clock.now() + 3600_000,
    });
    return renderPage(c, { title: '导入预览', active: '/console/import', body: previewBody(c, preview, id, source) });
  };

  app.get('/import', (c) => {
    const body = h`<div class="card"><h2>上传产品表</h2>
<p class="muted">支持 .csv 和 .xlsx。第一行是表头：名称（必填）、别名、类目、价格、状态、上市日期、标签、编号；其他列（例如“核心卖点”“规格参数”）会成为产品资料里的小节。</p>
<form class="stack" method="post" action="/console/import/preview" enctype="multipart/form-data">${csrfField(c)}
<input type="file" name="file" accept=".csv,.xlsx" required aria-label="产品表文件"><button type="submit">上传并检查</button></form></div>
${
  deps.bitable
    ? h`<div class="card"><h2>从飞书多维表格导入</h2><p class="muted">${deps.bitable.label}</p>
<form method="post" action="/console/import/bitable">${csrfField(c)}<button type="submit">读取并检查</button></form></div>`
    : h`<div class="card muted">配置 PRODUCT_BITABLE_APP_TOKEN 和 PRODUCT_BITABLE_TABLE_ID 后，也可以从飞书多维表格导入。</div>`
}`;
    return renderPage(c, { title: '导入产品', active: '/console/import', body });
  });

  app.post('/import/preview', async (c) => {
    const body = await c.req.parseBody();
    const file = body.file;
    if (!(file instanceof File) || file.size === 0)
      return flashRedirect(c, deps, '/console/import', 'err', '请选择一个文件');
    if (file.size > MAX_UPLOAD_BYTES) return flashRedirect(c, deps, '/console/import', 'err', '文件太大（最多 5 MB）');
    if (!deps.readTable) return flashRedirect(c, deps, '/console/import', 'err', '这个部署不支持上传文件');
    let table: string[][];
    try {
      table = deps.readTable(file.name, new Uint8Array(await file.arrayBuffer()));
    } catch (err) {
      return flashRedirect(c, deps, '/console/import', 'err', `读不了这个文件：${(err as Error).message}`);
    }
    return stage(c, table, file.name);
  });

  app.post('/import/bitable', async (c) => {
    if (!deps.bitable) return flashRedirect(c, deps, '/console/import', 'err', '没有配置飞书多维表格');
    try {
      return await stage(c, recordsToTable(await deps.bitable.fetchRows()), '飞书多维表格');
    } catch (err) {
      services.logger.warn({ err }, 'bitable product import failed');
      return flashRedirect(
        c,
        deps,
        '/console/import',
        'err',
        '读取飞书多维表格失败，请检查应用凭证、表格权限和表格 ID',
      );
    }
  });

  app.post('/import/confirm', async (c) => {
    const body = await c.req.parseBody();
    const id = field(body, 'batch');
    const batch = id ? await deps.imports.read(id) : undefined;
    if (!batch || batch.by !== c.get('session').actor.id || batch.expiresAt < services.clock.now())
      return flashRedirect(c, deps, '/console/import', 'err', '导入已过期，请重新上传');
    await deps.imports.delete(id);
    const r = await writeProducts(services, batch.preview.rows);
    return flashRedirect(c, deps, '/console/knowledge', 'ok', `已导入 ${r.written} 个产品，机器人已经可以回答`);
  });
}
