import { createHash } from 'node:crypto';
import type * as lark from '@larksuiteoapi/node-sdk';
import type { DeliveryResult, OutboxItem, OutboxKind, OutboxSink } from '../../ports/outbox.js';
import { toBitableFields } from './bitable-fields.js';

export interface BitableSinkOptions {
  client: lark.Client;
  appToken: string;
  /** Table id per record kind; kinds without a table are not sent to Bitable. */
  tables: Partial<Record<OutboxKind, string>>;
  name?: string;
  /** Records per batch_create call: the API allows 1000; 500 is the safer default (older limit, smaller bodies). */
  batchSize?: number;
  /** Called when Lark says the tenant token is invalid, so the next call fetches a new one. */
  onTokenInvalid?: () => void;
}

// A record itself is bad (a value Bitable cannot convert, a cell too large): only that record is dropped.
const RECORD_CODES = new Set([
  1254001, 1254015, 1254060, 1254061, 1254062, 1254063, 1254064, 1254065, 1254066, 1254067, 1254068, 1254130,
]);
const TOKEN_CODES = new Set([99991661, 99991663, 99991668]);
const RATE_CODES = new Set([1254290, 1254291, 99991400]);

type CallResult = { ok: true } | { ok: false; code?: number; error: string; rate: boolean };

/** A UUID v4-shaped token derived from a string: the same record always gets the same client_token. */
export function stableUuid(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex').split('');
  h[12] = '4';
  h[16] = ((Number.parseInt(h[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20, 32)}`;
}

/**
 * Writes CRM records into Feishu Bitable tables with `records/batch_create` through the Lark
 * SDK. The outbox batch id (a UUID v4, stable across retries) is the `client_token`, so a
 * call repeated after a lost response does not create the records twice. When Bitable
 * rejects one record's value, the batch is re-sent record by record (each with its own
 * stable token) so only the bad record is set aside. Everything else — rate limits, write
 * conflicts, token, permission or column problems, outages — is retried until it goes through.
 */
export function createBitableSink(opts: BitableSinkOptions): OutboxSink {
  const batchSize = Math.min(1000, Math.max(1, opts.batchSize ?? 500));

  async function call(table: string, kind: OutboxKind, token: string, items: OutboxItem[]): Promise<CallResult> {
    try {
      const res = await opts.client.bitable.v1.appTableRecord.batchCreate({
        path: { app_token: opts.appToken, table_id: table },
        params: { client_token: token },
        data: { records: items.map((i) => ({ fields: toBitableFields(i) })) },
      });
      if ((res.code ?? 0) === 0) return { ok: true };
      return fail(kind, undefined, res.code, res.msg);
    } catch (err) {
      const e = err as { response?: { status?: number; data?: { code?: number; msg?: string } }; message?: string };
      return fail(kind, e.response?.status, e.response?.data?.code, e.response?.data?.msg ?? e.message);
    }
  }

  function fail(
    kind: OutboxKind,
    status: number | undefined,
    code: number | undefined,
    msg: string | undefined,
  ): CallResult {
    if (code !== undefined && TOKEN_CODES.has(code)) opts.onTokenInvalid?.();
    return {
      ok: false,
      ...(code !== undefined ? { code } : {}),
      error: `Bitable batch_create ${kind} → ${status ? `HTTP ${status} ` : ''}code ${code ?? 'none'}: ${msg ?? ''}`,
      rate: status === 429 || (code !== undefined && RATE_CODES.has(code)),
    };
  }

  return {
    name: opts.name ?? 'bitable',
    maxBatch: batchSize,
    accepts: (kind) => Boolean(opts.tables[kind]),
    async deliver(batch): Promise<DeliveryResult> {
      const table = opts.tables[batch.kind] as string;
      const ids = batch.items.map((i) => i.id);
      const r = await call(table, batch.kind, batch.id, batch.items);
      if (r.ok) return { delivered: ids };
      if (r.code === undefined || !RECORD_CODES.has(r.code)) {
        return { delivered: [], error: r.error, ...(r.rate ? { retryAfterMs: 1000 } : {}) };
      }
      const out: DeliveryResult = { delivered: [], dead: [] };
      for (const item of batch.items) {
        const one = await call(table, batch.kind, stableUuid(item.id), [item]);
        if (one.ok) out.delivered.push(item.id);
        else if (one.code !== undefined && RECORD_CODES.has(one.code))
          out.dead?.push({ id: item.id, error: one.error });
        else return { ...out, error: one.error };
      }
      return out;
    },
  };
}
