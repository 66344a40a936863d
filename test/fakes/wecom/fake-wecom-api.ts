import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One text message the fake accepted through message/send. */
export interface SentMessage {
  touser: string;
  agentid: number;
  content: string;
  /** Real-time ms when it was accepted (for rate checks). */
  at: number;
}

export interface FakeWecomOptions {
  corpId: string;
  secret: string;
  agentId: number;
  /** Token lifetime WeCom reports (seconds). */
  tokenLifetimeS?: number;
  /** Per-member cap: at most `max` messages in any sliding `windowMs` (WeCom: 30 per minute). */
  memberLimit?: { max: number; windowMs: number };
}

/**
 * A local stand-in for qyapi.weixin.qq.com that follows the documented protocol:
 * `GET /cgi-bin/gettoken` checks corpid/corpsecret (40013/40001) and issues tokens valid for
 * `expires_in`; `POST /cgi-bin/message/send` requires a valid `access_token` (41001 missing,
 * 40014 invalid, 42001 expired), the right agentid (40056), non-empty text (44004) of at most
 * 2048 bytes (45002), and enforces the per-member limit. Real WeCom silently drops messages
 * over that limit; the fake answers 45009 instead so a test notices. Replies are HTTP 200
 * with `{errcode, errmsg}`, like WeCom.
 */
export interface FakeWecom {
  readonly url: string;
  readonly sent: SentMessage[];
  readonly tokenRequests: number;
  /** Requests to message/send, including refused ones, with the errcode answered. */
  readonly sendAttempts: { errcode: number; touser: string }[];
  /** Makes every issued token expired (next use → 42001). */
  expireTokens(): void;
  /** Forgets every issued token (next use → 40014). */
  revokeTokens(): void;
  /** The next `times` message/send calls fail with `errcode` (e.g. 45009, -1). */
  failNext(errcode: number, times?: number): void;
  close(): Promise<void>;
}

const ERRMSG: Record<number, string> = {
  0: 'ok',
  [-1]: 'system busy',
  40001: 'invalid credential',
  40013: 'invalid corpid',
  40014: 'invalid access_token',
  40056: 'invalid agentid',
  41001: 'access_token missing',
  42001: 'access_token expired',
  44004: 'empty content',
  45002: 'content size out of limit',
  45009: 'reach max api daily quota limit',
  47001: 'data format error',
};

function reply(res: ServerResponse, errcode: number, extra: Record<string, unknown> = {}): void {
  res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' });
  res.end(JSON.stringify({ errcode, errmsg: ERRMSG[errcode] ?? 'error', ...extra }));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeWecom(opts: FakeWecomOptions): Promise<FakeWecom> {
  const lifetimeS = opts.tokenLifetimeS ?? 7200;
  const limit = opts.memberLimit ?? { max: 30, windowMs: 60_000 };
  const tokens = new Map<string, number>(); // token → expiry (real ms)
  const sent: SentMessage[] = [];
  const sendAttempts: { errcode: number; touser: string }[] = [];
  const failures: number[] = [];
  let tokenRequests = 0;
  let serial = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    if (req.method === 'GET' && url.pathname === '/cgi-bin/gettoken') {
      tokenRequests++;
      if (url.searchParams.get('corpid') !== opts.corpId) return reply(res, 40013);
      if (url.searchParams.get('corpsecret') !== opts.secret) return reply(res, 40001);
      const token = `tok_${++serial}_${Math.random().toString(36).slice(2, 10)}`;
      tokens.set(token, Date.now() + lifetimeS * 1000);
      return reply(res, 0, { access_token: token, expires_in: lifetimeS });
    }
    if (req.method === 'POST' && url.pathname === '/cgi-bin/message/send') {
      const raw = await readBody(req);
      let body: { touser?: string; msgtype?: string; agentid?: number; text?: { content?: string } };
      try {
        body = JSON.parse(raw);
      } catch {
        return reply(res, 47001);
      }
      const touser = body.touser ?? '';
      const answer = (errcode: number) => {
        sendAttempts.push({ errcode, touser });
        reply(res, errcode);
      };
      const token = url.searchParams.get('access_token');
      if (!token) return answer(41001);
      const expiry = tokens.get(token);
      if (expiry === undefined) return answer(40014);
      if (Date.now() >= expiry) return answer(42001);
      const forced = failures.shift();
      if (forced !== undefined) return answer(forced);
      if (body.agentid !== opts.agentId) return answer(40056);
      if (body.msgtype !== 'text' || !touser) return answer(47001);
      const content = body.text?.content ?? '';
      if (!content) return answer(44004);
      if (Buffer.byteLength(content, 'utf8') > 2048) return answer(45002);
      const now = Date.now();
      const recent = sent.filter((m) => m.touser === touser && now - m.at < limit.windowMs).length;
      if (recent >= limit.max) return answer(45009);
      sent.push({ touser, agentid: body.agentid, content, at: now });
      sendAttempts.push({ errcode: 0, touser });
      res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' });
      res.end(JSON.stringify({ errcode: 0, errmsg: 'ok', invaliduser: '', msgid: `msg_${sent.length}` }));
      return;
    }
    res.writeHead(404).end();
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    sent,
    sendAttempts,
    get tokenRequests() {
      return tokenRequests;
    },
    expireTokens() {
      for (const k of tokens.keys()) tokens.set(k, 0);
    },
    revokeTokens() {
      tokens.clear();
    },
    failNext(errcode, times = 1) {
      for (let i = 0; i < times; i++) failures.push(errcode);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
