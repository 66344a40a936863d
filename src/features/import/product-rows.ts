import { stringify } from 'yaml';
import { lintText } from '../../answer/compliance.js';
import { syllables } from '../../knowledge/pinyin.js';
import { toKnowledgeDoc } from '../../knowledge/to-knowledge-doc.js';
import type { KnowledgeDoc } from '../../ports/knowledge.js';

/** Header names (lower case) per product field; any other column becomes a `##` section. */
const FIELDS = {
  id: ['id', '产品id', '编号', '产品编号'],
  name: ['name', '名称', '产品名称', '品名', '产品名', '商品名称'],
  aliases: ['aliases', '别名', '俗称', '简称', '其他叫法'],
  category: ['category', '类目', '品类', '分类'],
  price: ['price', '价格', '售价', '零售价', '价格(元)', '价格（元）'],
  status: ['status', '状态'],
  launch_date: ['launch_date', '上市日期', '上市时间'],
  tags: ['tags', '标签'],
} as const;
type Field = keyof typeof FIELDS;

const STATUS: Record<string, 'new' | 'active' | 'discontinued'> = {
  new: 'new',
  新品: 'new',
  active: 'active',
  在售: 'active',
  discontinued: 'discontinued',
  停售: 'discontinued',
  下架: 'discontinued',
};
const LIST_SPLIT = /[,，、;；|/]+/;
export const MAX_IMPORT_ROWS = 2000;

/** One row of an import as the preview shows it. */
export interface ImportRow {
  /** 1-based line in the file (the header is line 1). */
  line: number;
  id: string;
  name: string;
  errors: string[];
  warnings: string[];
  /** True when a product with this id is already in the pack (it will be replaced). */
  replaces: boolean;
  sections: string[];
  /** The pack file to write (only for rows without errors). */
  markdown?: string;
}

export interface ImportPreview {
  rows: ImportRow[];
  /** Columns that became sections. */
  sectionColumns: string[];
  /** Problems with the file itself (no name column, too many rows). */
  fileErrors: string[];
}

/** An id from a name: toneless pinyin per Han character, runs of letters and digits kept whole. */
function slug(name: string): string {
  const parts: string[] = [];
  let run = '';
  for (const ch of name.normalize('NFKC').toLowerCase()) {
    if (/[a-z0-9]/.test(ch)) {
      run += ch;
      continue;
    }
    if (run) parts.push(run);
    run = '';
    const py = syllables(ch)[0] ?? '';
    if (/^[a-z]+$/.test(py)) parts.push(py);
  }
  if (run) parts.push(run);
  return parts.join('-').slice(0, 48).replace(/-+$/, '');
}

/** `2026-03-01`, `2026/3/1` or an Excel serial date as YYYY-MM-DD; undefined when unreadable. */
function toDate(v: string): string | undefined {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(v.trim());
  if (m) return `${m[1]}-${m[2]?.padStart(2, '0')}-${m[3]?.padStart(2, '0')}`;
  const serial = Number(v);
  if (Number.isFinite(serial) && serial > 20000 && serial < 80000)
    return new Date(Date.UTC(1899, 11, 30) + serial * 86400_000).toISOString().slice(0, 10);
  return undefined;
}

/**
 * Validates a product table (header row + rows, from CSV, XLSX or Bitable) against the pack
 * and renders each valid row as a product document. Nothing is written here.
 */
export function previewProductImport(
  table: string[][],
  kb: { get(id: string): KnowledgeDoc | undefined },
  today: string,
): ImportPreview {
  const [header = [], ...body] = table;
  const names = header.map((h) => h.trim());
  const fieldOf = new Map<number, Field>();
  const sectionCols: number[] = [];
  names.forEach((h, i) => {
    const f = (Object.keys(FIELDS) as Field[]).find((k) => (FIELDS[k] as readonly string[]).includes(h.toLowerCase()));
    if (f && ![...fieldOf.values()].includes(f)) fieldOf.set(i, f);
    else if (h) sectionCols.push(i);
  });
  const fileErrors: string[] = [];
  if (![...fieldOf.values()].includes('name')) fileErrors.push('表头里没有“名称”列（可用：名称、产品名称、name）');
  if (body.length > MAX_IMPORT_ROWS)
    fileErrors.push(`一次最多导入 ${MAX_IMPORT_ROWS} 行，这个文件有 ${body.length} 行`);
  if (fileErrors.length) return { rows: [], sectionColumns: sectionCols.map((i) => names[i] ?? ''), fileErrors };

  const seen = new Map<string, number>();
  const rows = body.map((cells, n): ImportRow => {
    const get = (f: Field) => {
      for (const [i, g] of fieldOf) if (g === f) return (cells[i] ?? '').trim();
      return '';
    };
    const line = n + 2;
    const errors: string[] = [];
    const warnings: string[] = [];
    const name = get('name');
    const id = (get('id') || slug(name)).toLowerCase();
    if (!name) errors.push('名称为空');
    if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) errors.push(`编号“${id}”只能用小写字母、数字和 -`);
    const dup = seen.get(id);
    if (id && dup) errors.push(`编号 ${id} 与第 ${dup} 行重复`);
    if (id) seen.set(id, line);
    const existing = id ? kb.get(id) : undefined;
    if (existing && existing.type !== 'product') errors.push(`编号 ${id} 已被知识库里的其他文档使用`);
    const replaces = existing?.type === 'product';
    if (replaces) warnings.push('知识库里已有这个产品，导入后会替换');
    const priceText = get('price').replace(/[¥￥元\s,]/g, '');
    const price = priceText ? Number(priceText) : undefined;
    if (price !== undefined && !(Number.isFinite(price) && price >= 0)) errors.push(`价格“${get('price')}”不是数字`);
    const statusText = get('status');
    const status = statusText ? STATUS[statusText.toLowerCase()] : undefined;
    if (statusText && !status) errors.push(`状态“${statusText}”应为 新品、在售 或 停售`);
    const launch = get('launch_date');
    const launchDate = launch ? toDate(launch) : undefined;
    if (launch && !launchDate) errors.push(`上市日期“${launch}”看不懂，请写成 2026-03-01`);
    const sections = sectionCols
      .map((i) => ({ heading: names[i] ?? '', text: (cells[i] ?? '').trim() }))
      .filter((s) => s.heading && s.text);
    for (const f of lintText([name, ...sections.map((s) => s.text)].join('\n')))
      warnings.push(`广告法：${f.kind === 'absolute' ? '绝对化用语' : '医疗用语'}「${f.term}」`);
    const row: ImportRow = { line, id, name, errors, warnings, replaces, sections: sections.map((s) => s.heading) };
    if (errors.length) return row;
    const fm = {
      id,
      type: 'product',
      title: name,
      name,
      aliases: get('aliases')
        .split(LIST_SPLIT)
        .map((a) => a.trim())
        .filter(Boolean),
      ...(get('category') ? { category: get('category') } : {}),
      ...(price !== undefined ? { price } : {}),
      ...(status ? { status } : {}),
      ...(launchDate ? { launch_date: launchDate } : {}),
      tags: get('tags')
        .split(LIST_SPLIT)
        .map((a) => a.trim())
        .filter(Boolean),
      updated: today,
    };
    const markdown = `---\n${stringify(fm, { lineWidth: 0 })}---\n\n${sections.map((s) => `## ${s.heading.replace(/^#+\s*/, '')}\n\n${s.text}\n`).join('\n')}`;
    const doc = toKnowledgeDoc(markdown, `products/${id}.md`);
    if ('reason' in doc) return { ...row, errors: [`格式不对：${doc.reason}`] };
    return { ...row, markdown };
  });
  return { rows, sectionColumns: sectionCols.map((i) => names[i] ?? ''), fileErrors };
}

/** Turns Bitable records (field name → text) into a table with a header row. */
export function recordsToTable(records: Record<string, string>[]): string[][] {
  const header = [...new Set(records.flatMap((r) => Object.keys(r)))];
  return [header, ...records.map((r) => header.map((h) => r[h] ?? ''))];
}
