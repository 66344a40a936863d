import { DaogouError } from '../../core/errors.js';

/** Raised when Feishu answers a Bitable call with an error; the message says what to check. */
export class BitableReadError extends DaogouError {
  constructor(
    message: string,
    readonly larkCode?: number,
  ) {
    super('BITABLE_READ', message);
    this.name = 'BitableReadError';
  }
}

export interface BitableSource {
  /** Open platform origin (LARK_DOMAIN), e.g. https://open.feishu.cn */
  domain: string;
  appId: string;
  appSecret: string;
  appToken: string;
  tableId: string;
  /** Records per page (the API allows up to 500). */
  pageSize?: number;
  fetch?: typeof fetch;
}

/** A Bitable cell as text: text segments joined, options and people by name, dates as YYYY-MM-DD. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number')
    return v > 1e12 && v < 1e13 ? new Date(v + 8 * 3600_000).toISOString().slice(0, 10) : String(v);
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (Array.isArray(v)) {
    const parts = v.map(cellText);
    // Rich-text segments concatenate; options and people are a list.
    return v.every((x) => typeof x === 'object' && x !== null && 'type' in x) ? parts.join('') : parts.join('、');
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return cellText(o.text ?? o.name ?? o.link ?? o.value ?? '');
  }
  return String(v);
}

async function call(f: typeof fetch, url: string, init: RequestInit, what: string) {
  const res = await f(url, init);
  const body = (await res.json().catch(() => ({}))) as { code?: number; msg?: string; [k: string]: unknown };
  if (!res.ok || body.code !== 0)
    throw new BitableReadError(
      `Feishu ${what} failed (HTTP ${res.status}, code ${body.code ?? 'none'}: ${body.msg ?? ''}); check the app credentials, the app's Bitable permission and the table id`,
      body.code,
    );
  return body;
}

/**
 * Reads every record of a Bitable table through the documented list-records API
 * (`GET /open-apis/bitable/v1/apps/:app_token/tables/:table_id/records`), following
 * `page_token` while `has_more`, with a tenant access token. Cells come back as text.
 */
export async function listBitableRecords(src: BitableSource): Promise<Record<string, string>[]> {
  const f = src.fetch ?? fetch;
  const base = src.domain.replace(/\/+$/, '');
  const auth = await call(
    f,
    `${base}/open-apis/auth/v3/tenant_access_token/internal`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ app_id: src.appId, app_secret: src.appSecret }),
    },
    'tenant_access_token',
  );
  const token = String(auth.tenant_access_token ?? '');
  const out: Record<string, string>[] = [];
  let pageToken: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const q = new URLSearchParams({ page_size: String(src.pageSize ?? 100) });
    if (pageToken) q.set('page_token', pageToken);
    const url = `${base}/open-apis/bitable/v1/apps/${encodeURIComponent(src.appToken)}/tables/${encodeURIComponent(src.tableId)}/records?${q}`;
    const body = await call(f, url, { headers: { authorization: `Bearer ${token}` } }, 'list records');
    const data = (body.data ?? {}) as {
      items?: { fields?: Record<string, unknown> }[];
      has_more?: boolean;
      page_token?: string;
    };
    for (const item of data.items ?? []) {
      const row: Record<string, string> = {};
      for (const [k, v] of Object.entries(item.fields ?? {})) row[k] = cellText(v).trim();
      out.push(row);
    }
    if (!data.has_more || !data.page_token) return out;
    pageToken = data.page_token;
  }
  throw new BitableReadError('Bitable table has more than 1000 pages; import it in parts');
}
