import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Hono } from 'hono';
import { listBitableRecords } from '../adapters/bitable/list-bitable-records.js';
import { createSqlStorage } from '../adapters/db/sql-storage.js';
import { readTable } from '../adapters/import/read-table.js';
import type { Config } from '../config.js';
import type { VoteFix } from '../http/console/console-context.js';
import { type ConsoleLinkRecord, createConsoleLinks } from '../http/console/console-links.js';
import { type ConsoleSessionRecord, createConsoleSessions } from '../http/console/console-session.js';
import { createConsole } from '../http/console/create-console.js';
import type { ImportBatch } from '../http/console/import-page.js';
import { loadPack } from '../knowledge/load-pack.js';
import type { Runtime } from './runtime.js';

/** The ECharts browser bundle from the installed package. */
const echartsJs = () => readFile(createRequire(import.meta.url).resolve('echarts/dist/echarts.min.js'), 'utf8');

/**
 * Wires the manager's console for Node: sessions, one-time links, 👎 fixes and pending imports
 * in the database's key-value table, uploads read from CSV/XLSX, the Bitable product table when
 * configured. Also gives the bot its `/console` link issuer.
 */
export function buildConsole(runtime: Runtime, config: Config, packDir: string): Hono {
  const { services, db } = runtime;
  const now = () => services.clock.now();
  const links = createConsoleLinks({
    store: createSqlStorage<ConsoleLinkRecord>(db.db, 'console_link', now),
    now,
    baseUrl: config.PUBLIC_URL ?? `http://${config.HOST}:${config.PORT}`,
  });
  services.consoleLinks = links;
  const bitable =
    config.PRODUCT_BITABLE_APP_TOKEN && config.PRODUCT_BITABLE_TABLE_ID && config.LARK_APP_ID && config.LARK_APP_SECRET
      ? {
          label: `多维表格 ${config.PRODUCT_BITABLE_APP_TOKEN} / ${config.PRODUCT_BITABLE_TABLE_ID}`,
          fetchRows: () =>
            listBitableRecords({
              domain: config.LARK_DOMAIN,
              appId: config.LARK_APP_ID as string,
              appSecret: config.LARK_APP_SECRET as string,
              appToken: config.PRODUCT_BITABLE_APP_TOKEN as string,
              tableId: config.PRODUCT_BITABLE_TABLE_ID as string,
            }),
        }
      : undefined;
  const app = createConsole({
    services,
    ...(config.ADMIN_TOKEN ? { adminToken: config.ADMIN_TOKEN } : {}),
    sessions: createConsoleSessions(createSqlStorage<ConsoleSessionRecord>(db.db, 'console_session', now), now),
    fixes: createSqlStorage<VoteFix>(db.db, 'vote_fix', now),
    imports: createSqlStorage<ImportBatch>(db.db, 'console_import', now),
    readTable,
    packIssues: async () => (await loadPack(packDir)).issues,
    links,
    echartsJs,
    ...(bitable ? { bitable } : {}),
  });
  return app as unknown as Hono;
}
