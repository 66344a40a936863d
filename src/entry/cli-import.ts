import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { listBitableRecords } from '../adapters/bitable/list-bitable-records.js';
import { readTable } from '../adapters/import/read-table.js';
import { createFsPackWriter } from '../adapters/pack/fs-pack-writer.js';
import type { Config } from '../config.js';
import { formatChinaDate } from '../features/feedback/china-time.js';
import { previewProductImport, recordsToTable } from '../features/import/product-rows.js';
import { writeProducts } from '../features/import/write-products.js';
import { randomToken, sha256Hex } from '../http/console/console-session.js';
import { loadPack } from '../knowledge/load-pack.js';

/**
 * `cli import <file.csv|file.xlsx>` or `cli import --bitable`: the console's product import from
 * the command line. Prints one JSON summary (the validation preview and what was written);
 * `--dry-run` only validates. A running server re-indexes the written files on its own.
 */
export async function runImport(
  config: Config,
  packDir: string,
  opts: { file?: string; bitable?: boolean; dryRun?: boolean },
): Promise<number> {
  let table: string[][];
  let source: string;
  if (opts.bitable) {
    if (
      !config.PRODUCT_BITABLE_APP_TOKEN ||
      !config.PRODUCT_BITABLE_TABLE_ID ||
      !config.LARK_APP_ID ||
      !config.LARK_APP_SECRET
    )
      throw new Error(
        'set PRODUCT_BITABLE_APP_TOKEN, PRODUCT_BITABLE_TABLE_ID, LARK_APP_ID and LARK_APP_SECRET to import from Bitable',
      );
    table = recordsToTable(
      await listBitableRecords({
        domain: config.LARK_DOMAIN,
        appId: config.LARK_APP_ID,
        appSecret: config.LARK_APP_SECRET,
        appToken: config.PRODUCT_BITABLE_APP_TOKEN,
        tableId: config.PRODUCT_BITABLE_TABLE_ID,
      }),
    );
    source = 'bitable';
  } else {
    if (!opts.file) throw new Error('import needs a .csv or .xlsx file, or --bitable');
    table = readTable(opts.file, await readFile(opts.file));
    source = basename(opts.file);
  }
  const pack = await loadPack(packDir);
  const byId = new Map(pack.docs.map((d) => [d.id, d]));
  const preview = previewProductImport(table, { get: (id) => byId.get(id) }, formatChinaDate(Date.now()));
  const written =
    opts.dryRun || preview.fileErrors.length
      ? { written: 0, ids: [] as string[] }
      : await writeProducts(
          { pack: createFsPackWriter(packDir), knowledge: { get: (id) => byId.get(id) } },
          preview.rows,
        );
  const summary = {
    source,
    dry_run: Boolean(opts.dryRun),
    file_errors: preview.fileErrors,
    section_columns: preview.sectionColumns,
    rows: preview.rows.map((r) => ({
      line: r.line,
      id: r.id,
      name: r.name,
      ok: r.errors.length === 0,
      errors: r.errors,
      warnings: r.warnings,
    })),
    written: written.written,
    ids: written.ids,
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  return preview.fileErrors.length ? 1 : 0;
}

/** `cli console-token`: a new personal console token and the ROLES_FILE line that admits it. */
export async function printConsoleToken(): Promise<void> {
  const token = randomToken();
  process.stdout.write(
    `${JSON.stringify({ token, console_token_sha256: await sha256Hex(token), note: 'give the token to the manager; put console_token_sha256 on their entry in ROLES_FILE' })}\n`,
  );
}
