import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listBitableRecords } from '../../src/adapters/bitable/list-bitable-records.js';
import { createFakeBitable, type FakeBitable } from '../fakes/bitable/create-fake-bitable.js';
import { copyDemoPack } from '../helpers/copy-pack.js';
import { makeXlsx } from '../helpers/make-xlsx.js';
import { createTestRuntime, PROJECT_ROOT, type TestRuntime } from '../helpers/test-runtime.js';
import { type ConsoleClient, loginConsole } from './console-helpers.js';

const ADMIN = 'import-admin-token-0123456789';
const CSV = [
  '名称,别名,类目,价格,核心卖点,规格参数',
  '云朵静音加湿器 3L,云朵加湿器、小云朵,家电,199,"超声波雾化，夜间模式 28 分贝",容量 3L；续航 20 小时',
  ',没名字,家电,10,x,y',
  '晴空空气净化器 P1,晴空P1,家电,abc,CADR 300,适用 20㎡',
  '云朵静音加湿器 3L,重复,家电,199,a,b',
].join('\n');

let rt: TestRuntime;
let pack: string;
let admin: ConsoleClient;
let bitable: FakeBitable;

async function upload(name: string, bytes: Buffer | string): Promise<Response> {
  const form = new FormData();
  form.set('_csrf', admin.csrf);
  form.set('file', new File([bytes], name));
  return rt.http.request('/console/import/preview', { method: 'POST', headers: { cookie: admin.cookie }, body: form });
}
const batchOf = (html: string) => /name="batch" value="([^"]+)"/.exec(html)?.[1] ?? '';
const ask = async (text: string) =>
  (await (
    await rt.http.request('/api/chat', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'imp', text }),
    })
  ).json()) as { products: string[]; answer: string };

beforeAll(async () => {
  bitable = await createFakeBitable({
    appId: 'cli_fake',
    appSecret: 'secret',
    apps: { bascnProducts: { tblProducts: { 名称: 'text', 价格: 'number', 核心卖点: 'text' } } },
  });
  bitable.seedRecords(
    'tblProducts',
    Array.from({ length: 45 }, (_, i) => ({
      名称: [{ type: 'text', text: `星河台灯 ${i + 1} 号` }],
      价格: 100 + i,
      核心卖点: `护眼无频闪，第 ${i + 1} 款`,
      ...(i === 44 ? { 价格: 'x' } : {}),
    })),
  );
  pack = copyDemoPack();
  rt = await createTestRuntime({
    packDir: pack,
    env: {
      ADMIN_TOKEN: ADMIN,
      LARK_APP_ID: 'cli_fake',
      LARK_APP_SECRET: 'secret',
      LARK_DOMAIN: bitable.url,
      PRODUCT_BITABLE_APP_TOKEN: 'bascnProducts',
      PRODUCT_BITABLE_TABLE_ID: 'tblProducts',
    },
  });
  admin = await loginConsole(rt, ADMIN);
});
afterAll(async () => {
  await rt.close();
  await bitable.close();
});

describe('product import', () => {
  it('previews a CSV with its problems, writes the good rows on confirmation, and the bot answers at once', async () => {
    const res = await upload('products.csv', CSV);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/可以导入/);
    expect(html).toMatch(/名称为空/);
    expect(html).toMatch(/价格“abc”不是数字/);
    expect(html).toMatch(/与第 2 行重复/);
    expect(html).toMatch(/核心卖点、规格参数/);
    // Nothing is written before the confirmation.
    expect(existsSync(join(pack, 'products/yun-duo-jing-yin-jia-shi-qi-3l.md'))).toBe(false);
    const confirm = await admin.post('/console/import/confirm', { batch: batchOf(html) });
    expect(confirm.status).toBe(303);
    const file = readFileSync(join(pack, 'products/yun-duo-jing-yin-jia-shi-qi-3l.md'), 'utf8');
    expect(file).toMatch(/type: product/);
    expect(file).toMatch(/## 核心卖点\n\n超声波雾化，夜间模式 28 分贝/);
    expect(rt.services.knowledge.get('yun-duo-jing-yin-jia-shi-qi-3l')?.type).toBe('product');
    const j = await ask('小云朵加湿器声音大吗');
    expect(j.products).toContain('yun-duo-jing-yin-jia-shi-qi-3l');
    // A batch is used once.
    expect((await admin.post('/console/import/confirm', { batch: batchOf(html) })).status).toBe(303);
    expect(await (await admin.get('/console/import')).text()).toMatch(/导入已过期/);
  });

  it('reads an XLSX workbook (shared, inline and numeric cells) the same way', async () => {
    const xlsx = makeXlsx([
      ['名称', '别名', '价格', '上市日期', '使用与保养'],
      ['暖阳电热毯 双人', '暖阳毯', 259, 45992, '水洗前拔下控制器'],
      ['暖阳暖手宝', '', '59', '2026/1/5', '充电 2 小时'],
    ]);
    const html = await (await upload('products.xlsx', xlsx)).text();
    expect(html).toMatch(/暖阳电热毯 双人/);
    expect(html).not.toMatch(/pill red/);
    await admin.post('/console/import/confirm', { batch: batchOf(html) });
    const doc = rt.services.knowledge.get('nuan-yang-dian-re-tan-shuang-ren');
    expect(doc?.type === 'product' && doc.price).toBe(259);
    expect(doc?.type === 'product' && doc.launchDate).toBe('2025-12-01');
    expect(doc?.sections.map((s) => s.heading)).toContain('使用与保养');
  });

  it('reads the Feishu Bitable table through list-records with page_token paging', async () => {
    const rows = await listBitableRecords({
      domain: bitable.url,
      appId: 'cli_fake',
      appSecret: 'secret',
      appToken: 'bascnProducts',
      tableId: 'tblProducts',
      pageSize: 20,
    });
    expect(rows).toHaveLength(45);
    expect(rows[0]).toEqual({ 名称: '星河台灯 1 号', 价格: '100', 核心卖点: '护眼无频闪，第 1 款' });
    expect(bitable.listCalls.slice(-3)[0]).toBe('');
    expect(
      bitable.listCalls
        .slice(-3)
        .slice(1)
        .every((t) => t.length > 0),
    ).toBe(true);
    await expect(
      listBitableRecords({ domain: bitable.url, appId: 'cli_fake', appSecret: 'bad', appToken: 'x', tableId: 'y' }),
    ).rejects.toThrow(/tenant_access_token failed/);
    const html = await (await admin.post('/console/import/bitable', {})).text();
    expect(html).toMatch(/飞书多维表格/);
    expect((html.match(/可以导入/g) ?? []).length).toBeGreaterThanOrEqual(44);
    expect(html).toMatch(/价格“x”不是数字/);
    await admin.post('/console/import/confirm', { batch: batchOf(html) });
    expect(rt.services.knowledge.get('xing-he-tai-deng-44-hao')?.type).toBe('product');
  });

  it('runs the same import from the CLI (dry run, then for real)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'daogou-import-'));
    const csv = join(dir, 'p.csv');
    writeFileSync(csv, CSV);
    const cliPack = copyDemoPack();
    const run = (...args: string[]) =>
      promisify(execFile)('npx', ['tsx', 'src/entry/cli.ts', 'import', '--kb', cliPack, ...args], {
        cwd: PROJECT_ROOT,
        env: { ...process.env, DATA_DIR: dir, LOG_LEVEL: 'silent' },
      });
    const dry = JSON.parse((await run('--dry-run', csv)).stdout);
    expect(dry.written).toBe(0);
    expect(dry.rows.filter((r: { ok: boolean }) => r.ok)).toHaveLength(1);
    expect(dry.rows.find((r: { line: number }) => r.line === 3).errors).toContain('名称为空');
    const real = JSON.parse((await run(csv)).stdout);
    expect(real.written).toBe(1);
    expect(existsSync(join(cliPack, 'products/yun-duo-jing-yin-jia-shi-qi-3l.md'))).toBe(true);
  }, 60_000);
});
