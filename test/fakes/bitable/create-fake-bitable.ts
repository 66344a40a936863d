import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FieldType = 'text' | 'number' | 'date' | 'checkbox';

export interface FakeBitableOptions {
  appId: string;
  appSecret: string;
  /** app_token → table_id → field name → type. */
  apps: Record<string, Record<string, Record<string, FieldType>>>;
  /** Records per batch_create call (the API's limit is 1000). */
  maxPerCall?: number;
  /** Calls per second per app before 429 / 1254290 (the API's limit is 50). */
  ratePerSec?: number;
  /** Largest text cell (characters) before 1254130 TooLargeCell. */
  maxCell?: number;
}

export interface FakeBitable {
  url: string;
  /** Stored records per table, in insertion order. */
  records(table: string): Record<string, unknown>[];
  /** batch_create calls by outcome code (0 = success). */
  calls: { code: number; table: string; count: number; clientToken?: string }[];
  tokenRequests: number;
  mode: 'up' | 'down' | 'drop-after-commit';
  /** The next n calls answer 429 / 1254290. */
  rateLimitNext(n: number): void;
  /** Invalidates issued tenant tokens (the next call gets 99991663). */
  revokeTokens(): void;
  /** Puts records into a table (a product list for the import), as if people had typed them in. */
  seedRecords(table: string, records: Record<string, unknown>[]): void;
  /** list-records calls: the page_token each one sent ('' for the first page). */
  listCalls: string[];
  /** Adds a field to a table (an operator fixing the table's columns). */
  addField(app: string, table: string, name: string, type: FieldType): void;
  close(): Promise<void>;
}

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const CONV_FAIL: Record<FieldType, number> = { text: 1254060, number: 1254061, checkbox: 1254063, date: 1254064 };

/**
 * A local Feishu Open Platform that enforces what the Bitable record API documents: tenant
 * token from `auth/v3/tenant_access_token/internal`, Bearer auth (99991663 otherwise),
 * `records/batch_create` with ≤ 1000 records (1254104), known field names (1254045) and
 * value types (125406x), cell size (1254130), `client_token` as a UUID v4 making a repeated
 * call idempotent, one writer per table (1254291 Write conflict), and 50 calls/s (1254290).
 */
export async function createFakeBitable(opts: FakeBitableOptions): Promise<FakeBitable> {
  const maxPerCall = opts.maxPerCall ?? 1000;
  const ratePerSec = opts.ratePerSec ?? 50;
  const maxCell = opts.maxCell ?? 100_000;
  const tables = new Map<string, Record<string, unknown>[]>();
  const tokens = new Set<string>();
  const byClientToken = new Map<string, unknown>();
  const writing = new Set<string>();
  const window: number[] = [];
  let forced429 = 0;
  let nextRecord = 0;
  let nextToken = 0;

  const state: FakeBitable = {
    url: '',
    records: (t) => tables.get(t) ?? [],
    calls: [],
    tokenRequests: 0,
    mode: 'up',
    seedRecords: (table, records) => {
      if (!tables.has(table)) tables.set(table, []);
      tables.get(table)?.push(...records);
    },
    listCalls: [],
    rateLimitNext: (n) => {
      forced429 = n;
    },
    revokeTokens: () => tokens.clear(),
    addField: (app, table, name, type) => {
      const t = opts.apps[app]?.[table];
      if (t) t[name] = type;
    },
    close: async () => {},
  };

  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
  };

  function checkValue(type: FieldType, v: unknown): boolean {
    if (type === 'text') return typeof v === 'string';
    if (type === 'number') return typeof v === 'number' && Number.isFinite(v);
    if (type === 'checkbox') return typeof v === 'boolean';
    return typeof v === 'number' && v > 0;
  }

  /**
   * `GET .../records` as documented: page_size 1–500 (default 20), an opaque page_token from
   * the previous page, `has_more`, `total`, `items: [{record_id, fields}]`.
   */
  function listRecords(res: ServerResponse, url: URL, app: string, table: string, auth: string | undefined) {
    const a = String(auth ?? '');
    if (!a.startsWith('Bearer ') || !tokens.has(a.slice(7)))
      return send(res, 400, { code: 99991663, msg: 'Invalid access token for authorization.' });
    if (!opts.apps[app]) return send(res, 200, { code: 1254040, msg: 'BaseTokenNotFound' });
    if (!opts.apps[app]?.[table]) return send(res, 200, { code: 1254041, msg: 'TableIdNotFound' });
    const size = Number(url.searchParams.get('page_size') ?? 20);
    if (!Number.isInteger(size) || size < 1 || size > 500)
      return send(res, 400, { code: 99992402, msg: 'field validation failed: page_size must be 1-500' });
    const token = url.searchParams.get('page_token') ?? '';
    state.listCalls.push(token);
    const start = token ? Number(Buffer.from(token, 'base64url').toString('utf8').replace(/^p/, '')) : 0;
    if (!Number.isInteger(start) || start < 0)
      return send(res, 400, { code: 1254000, msg: 'WrongRequestJson: page_token' });
    const all = tables.get(table) ?? [];
    const items = all.slice(start, start + size).map((fields, i) => ({ record_id: `rec${start + i + 1}`, fields }));
    const hasMore = start + size < all.length;
    return send(res, 200, {
      code: 0,
      msg: 'success',
      data: {
        has_more: hasMore,
        ...(hasMore ? { page_token: Buffer.from(`p${start + size}`).toString('base64url') } : {}),
        total: all.length,
        items,
      },
    });
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
      if (state.mode === 'down') return send(res, 503, { code: 1255040, msg: 'service unavailable' });
      if (url.pathname === '/open-apis/auth/v3/tenant_access_token/internal' && req.method === 'POST') {
        state.tokenRequests++;
        if (body.app_id !== opts.appId || body.app_secret !== opts.appSecret)
          return send(res, 200, { code: 10014, msg: 'app secret invalid' });
        const token = `t-fake-${++nextToken}`;
        tokens.add(token);
        return send(res, 200, { code: 0, msg: 'ok', tenant_access_token: token, expire: 7200 });
      }
      const list = /^\/open-apis\/bitable\/v1\/apps\/([^/]+)\/tables\/([^/]+)\/records$/.exec(url.pathname);
      if (list && req.method === 'GET')
        return listRecords(res, url, list[1] as string, list[2] as string, req.headers.authorization);
      const m = /^\/open-apis\/bitable\/v1\/apps\/([^/]+)\/tables\/([^/]+)\/records\/batch_create$/.exec(url.pathname);
      if (!m || req.method !== 'POST') return send(res, 404, { code: 404, msg: 'not found' });
      const [, app, table] = m as unknown as [string, string, string];
      const record = (code: number, count = 0, clientToken?: string) =>
        state.calls.push({ code, table, count, ...(clientToken ? { clientToken } : {}) });
      const fail = (status: number, code: number, msg: string) => {
        record(code);
        send(res, status, { code, msg });
      };
      const auth = String(req.headers.authorization ?? '');
      if (!auth.startsWith('Bearer ') || !tokens.has(auth.slice(7))) {
        record(99991663);
        return send(res, 400, {
          code: 99991663,
          msg: 'Invalid access token for authorization. Please make a request with token attached.',
        });
      }
      const t = Date.now();
      while (window.length && (window[0] ?? 0) <= t - 1000) window.shift();
      window.push(t);
      if (forced429 > 0 || window.length > ratePerSec) {
        forced429 = Math.max(0, forced429 - 1);
        record(1254290);
        return send(res, 429, { code: 1254290, msg: 'TooManyRequest' });
      }
      const fields = opts.apps[app]?.[table];
      if (!opts.apps[app]) return fail(200, 1254040, 'BaseTokenNotFound');
      if (!fields) return fail(200, 1254041, 'TableIdNotFound');
      const clientToken = url.searchParams.get('client_token') ?? undefined;
      if (clientToken !== undefined && !UUID_V4.test(clientToken)) {
        record(99992402);
        return send(res, 400, { code: 99992402, msg: 'field validation failed: client_token must be a uuid v4' });
      }
      if (clientToken && byClientToken.has(clientToken)) {
        record(0, 0, clientToken);
        return send(res, 200, byClientToken.get(clientToken));
      }
      const records: { fields: Record<string, unknown> }[] = body.records ?? [];
      if (records.length === 0) return fail(200, 1254001, 'WrongRequestBody');
      if (records.length > maxPerCall) {
        record(1254104, records.length);
        return send(res, 400, { code: 1254104, msg: `RecordAddOnceExceedLimit, limited to ${maxPerCall}` });
      }
      for (const r of records) {
        for (const [name, value] of Object.entries(r.fields ?? {})) {
          const type = fields[name];
          if (!type) return fail(200, 1254045, `FieldNameNotFound: ${name}`);
          if (!checkValue(type, value)) return fail(200, CONV_FAIL[type], `${name} conversion failed`);
          if (typeof value === 'string' && value.length > maxCell) return fail(200, 1254130, 'TooLargeCell');
        }
      }
      if (writing.has(table)) return fail(200, 1254291, 'Write conflict');
      writing.add(table);
      await new Promise((r) => setTimeout(r, 2));
      const stored = records.map((r) => ({ record_id: `rec${++nextRecord}`, fields: r.fields }));
      if (!tables.has(table)) tables.set(table, []);
      tables.get(table)?.push(...stored.map((s) => s.fields));
      writing.delete(table);
      const response = { code: 0, msg: 'success', data: { records: stored } };
      if (clientToken) byClientToken.set(clientToken, response);
      record(0, records.length, clientToken);
      if (state.mode === 'drop-after-commit') return void res.socket?.destroy();
      send(res, 200, response);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  };
  return state;
}
