import { DaogouError } from '../../core/errors.js';
import { parseCsv } from '../../features/import/parse-csv.js';
import { readXlsx } from './read-xlsx.js';

/** Reads an uploaded product list: .csv (UTF-8, or GB18030 as Excel saves it in China) or .xlsx. */
export function readTable(name: string, bytes: Uint8Array): string[][] {
  const buf = Buffer.from(bytes);
  if (/\.xlsx$/i.test(name) || (buf[0] === 0x50 && buf[1] === 0x4b)) return readXlsx(buf);
  if (!/\.(csv|txt)$/i.test(name)) throw new DaogouError('IMPORT_TYPE', '只支持 .csv 或 .xlsx 文件');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    text = new TextDecoder('gb18030').decode(buf);
  }
  return parseCsv(text);
}
