import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type WebhookMode = 'up' | 'down' | 'rate-limited' | 'drop-after-commit' | 'hang';

export interface FakeWebhook {
  url: string;
  /** Events accepted, by idempotency key (each key once). */
  received: Map<string, unknown>;
  /** Requests whose key had already been accepted (answered 200 without processing). */
  duplicates: number;
  /** Requests rejected for a missing, stale or wrong signature. */
  rejected: number;
  requests: number;
  mode: WebhookMode;
  close(): Promise<void>;
}

/**
 * A receiving CRM endpoint that enforces the documented webhook protocol: JSON body,
 * `X-Daogou-Signature: sha256=hex(HMAC-SHA256(secret, "<X-Daogou-Timestamp>.<raw body>"))`
 * checked in constant time with a 5-minute window, and `Idempotency-Key` dedupe (a repeat is
 * answered 200 and not processed again). Modes simulate an outage (503), rate limiting
 * (429 + Retry-After), a lost response after commit (socket destroyed) and a hang.
 */
export async function createFakeWebhook(opts: { secret: string; now?: () => number }): Promise<FakeWebhook> {
  const now = opts.now ?? Date.now;
  const hanging = new Set<ServerResponse>();
  const state: FakeWebhook = {
    url: '',
    received: new Map(),
    duplicates: 0,
    rejected: 0,
    requests: 0,
    mode: 'up',
    close: async () => {},
  };
  const verify = (req: IncomingMessage, raw: string): boolean => {
    const ts = String(req.headers['x-daogou-timestamp'] ?? '');
    const sig = String(req.headers['x-daogou-signature'] ?? '');
    if (!/^\d+$/.test(ts) || Math.abs(now() / 1000 - Number(ts)) > 300) return false;
    const want = Buffer.from(`sha256=${createHmac('sha256', opts.secret).update(`${ts}.${raw}`).digest('hex')}`);
    const got = Buffer.from(sig);
    return want.length === got.length && timingSafeEqual(want, got);
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      state.requests++;
      const raw = Buffer.concat(chunks).toString('utf8');
      if (state.mode === 'down') return void res.writeHead(503).end('maintenance');
      if (state.mode === 'rate-limited') return void res.writeHead(429, { 'retry-after': '2' }).end('slow down');
      if (req.method !== 'POST' || !String(req.headers['content-type']).startsWith('application/json')) {
        return void res.writeHead(415).end();
      }
      if (!verify(req, raw)) {
        state.rejected++;
        return void res.writeHead(401).end('bad signature');
      }
      const key = String(req.headers['idempotency-key'] ?? '');
      if (!key) return void res.writeHead(400).end('Idempotency-Key required');
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        return void res.writeHead(400).end('invalid json');
      }
      if (state.received.has(key)) {
        state.duplicates++;
        return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"duplicate":true}');
      }
      state.received.set(key, body);
      if (state.mode === 'drop-after-commit') return void res.socket?.destroy();
      if (state.mode === 'hang') return void hanging.add(res);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/crm/events`;
  state.close = async () => {
    for (const res of hanging) res.socket?.destroy();
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  };
  return state;
}
