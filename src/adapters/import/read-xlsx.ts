import { inflateRawSync } from 'node:zlib';
import { XMLParser } from 'fast-xml-parser';
import { DaogouError } from '../../core/errors.js';

/** Raised for a file that is not a readable .xlsx workbook. */
export class XlsxError extends DaogouError {
  constructor(message: string) {
    super('XLSX_INVALID', message);
    this.name = 'XlsxError';
  }
}

/** No part of a workbook may inflate beyond this (a zip bomb stops here). */
const MAX_PART_BYTES = 32 * 1024 * 1024;

/** The parts of a zip archive by name (central directory; stored and deflated entries). */
function unzip(buf: Buffer, wanted: (name: string) => boolean): Map<string, Buffer> {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new XlsxError('不是有效的 .xlsx 文件（找不到压缩目录）');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = new Map<string, Buffer>();
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50)
      throw new XlsxError('.xlsx 文件已损坏（目录项有误）');
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    p += 46 + nameLen + extraLen + commentLen;
    if (!wanted(name)) continue;
    if (size > MAX_PART_BYTES) throw new XlsxError(`.xlsx 里的 ${name} 太大`);
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== 0x04034b50)
      throw new XlsxError('.xlsx 文件已损坏（文件头有误）');
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + compressed);
    if (method === 0) out.set(name, data);
    else if (method === 8) out.set(name, inflateRawSync(data, { maxOutputLength: MAX_PART_BYTES }));
    else throw new XlsxError(`.xlsx 使用了不支持的压缩方式 ${method}`);
  }
  return out;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (name) => ['si', 'r', 'row', 'c', 'sheet', 'Relationship'].includes(name),
  parseTagValue: false,
  processEntities: true,
});

const asText = (node: unknown): string => {
  if (node === undefined || node === null) return '';
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  if (typeof node === 'object' && '#text' in (node as object)) return String((node as { '#text': unknown })['#text']);
  return '';
};

/** A shared-strings item: plain `<t>` or rich-text runs `<r><t>`. */
const itemText = (si: { t?: unknown; r?: { t?: unknown }[] }) =>
  si.t !== undefined ? asText(si.t) : (si.r ?? []).map((r) => asText(r.t)).join('');

function columnIndex(ref: string): number {
  const letters = /^[A-Z]+/.exec(ref)?.[0] ?? 'A';
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** Reads the first worksheet of an .xlsx workbook into rows of cell texts. */
export function readXlsx(buf: Buffer): string[][] {
  const parts = unzip(buf, (n) => n.startsWith('xl/') && n.endsWith('.xml') && !n.includes('/theme'));
  const workbook = parts.get('xl/workbook.xml');
  if (!workbook) throw new XlsxError('不是有效的 .xlsx 文件（缺少 workbook）');
  const wb = parser.parse(workbook.toString('utf8'));
  const firstSheet = wb.workbook?.sheets?.sheet?.[0];
  const rid = firstSheet?.['@r:id'];
  const rels = parts.get('xl/_rels/workbook.xml.rels');
  const target = rels
    ? (parser.parse(rels.toString('utf8')).Relationships?.Relationship ?? []).find(
        (r: Record<string, string>) => r['@Id'] === rid,
      )?.['@Target']
    : undefined;
  const sheetPath = target
    ? `xl/${String(target)
        .replace(/^\/?xl\//, '')
        .replace(/^\//, '')}`
    : 'xl/worksheets/sheet1.xml';
  const sheet = parts.get(sheetPath) ?? parts.get('xl/worksheets/sheet1.xml');
  if (!sheet) throw new XlsxError('.xlsx 里没有工作表');
  const sst = parts.get('xl/sharedStrings.xml');
  const strings: string[] = sst ? (parser.parse(sst.toString('utf8')).sst?.si ?? []).map(itemText) : [];
  const rows: string[][] = [];
  for (const row of parser.parse(sheet.toString('utf8')).worksheet?.sheetData?.row ?? []) {
    const cells: string[] = [];
    (row.c ?? []).forEach((c: Record<string, unknown>, i: number) => {
      const ref = typeof c['@r'] === 'string' ? (c['@r'] as string) : '';
      const col = ref ? columnIndex(ref) : i;
      const type = c['@t'];
      let v: string;
      if (type === 's') v = strings[Number(asText(c.v))] ?? '';
      else if (type === 'inlineStr') v = itemText((c.is as { t?: unknown }) ?? {});
      else if (type === 'b') v = asText(c.v) === '1' ? 'TRUE' : 'FALSE';
      else v = asText(c.v);
      cells[col] = v;
    });
    rows.push(Array.from(cells, (x) => x ?? ''));
  }
  return rows.filter((r) => r.some((c) => c.trim() !== ''));
}
