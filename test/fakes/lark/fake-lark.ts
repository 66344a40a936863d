import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleCardkit } from './fake-cardkit.js';
import type { Failure, FakeLark, FakeLarkOptions, FakeMessage } from './fake-types.js';
import { isRejection, type Rejection, validateMessage } from './validate-content.js';

/**
 * A local Lark Open API that behaves like the real one for what the bot uses: tenant token
 * first, Bearer auth on every call, `{code,msg}` envelopes with HTTP 400 on business errors,
 * `content` as a JSON string, 230020 past 5 messages/s per chat, 99991400 (HTTP 429) past
 * 50/s or 1000/min per API, uuid dedupe, CardKit entities with the sequence rule (300317), bot info and
 * paginated chat members. It records every call and can be told to fail.
 */

export type { FakeCard, FakeLark, FakeLarkOptions, FakeMessage, RecordedCall } from './fake-types.js';

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
};

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startFakeLark(opts: FakeLarkOptions): Promise<FakeLark> {
  const botOpenId = opts.botOpenId ?? 'ou_bot0000000000000000000000000001';
  const perChat = opts.perChatLimit ?? 5;
  const perApi = opts.perApiLimit ?? 50;
  const perApiMinute = opts.perApiPerMinute ?? 1000;
  const apiMinuteHits = new Map<string, number[]>();
  const tokens = new Set<string>();
  const knownMessages = new Map<string, string>();
  const chats = new Map<string, { openId: string; name: string }[]>();
  const chatSends = new Map<string, number[]>();
  const apiHits = new Map<string, number[]>();
  const uuids = new Map<string, FakeMessage>();
  const failures: Failure[] = [];
  const hung = new Set<ServerResponse>();
  let storm = 0;
  let seq = 0;

  const fake: FakeLark = {
    url: '',
    botOpenId,
    calls: [],
    messages: [],
    cards: new Map(),
    tokensIssued: 0,
    uuidRepeats: 0,
    seedMessage(messageId, chatId) {
      knownMessages.set(messageId, chatId);
    },
    seedChat(chatId, members) {
      chats.set(chatId, members);
    },
    fail(path, times, status = 500, body = { code: 1, msg: 'internal error' }, method) {
      const match = (m: string, p: string) =>
        (method === undefined || method === m) && (typeof path === 'string' ? p.includes(path) : path.test(p));
      failures.push({ match, remaining: times, status, body });
    },
    clearFailures() {
      failures.length = 0;
    },
    rateLimitStorm(times) {
      storm += times;
    },
    expireTokens() {
      tokens.clear();
    },
    repliesTo(messageId) {
      return fake.messages.filter((m) => m.replyTo === messageId);
    },
    close: () =>
      new Promise((resolve) => {
        for (const res of hung) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  /** Sliding window (1 s unless told): true when `key` already had `limit` hits. */
  const overLimit = (
    map: Map<string, number[]>,
    key: string,
    limit: number,
    now: number,
    record: boolean,
    windowMs = 1000,
  ) => {
    const hits = (map.get(key) ?? []).filter((t) => now - t < windowMs);
    map.set(key, hits);
    if (hits.length >= limit) return true;
    if (record) hits.push(now);
    return false;
  };

  function sendMessage(
    chatId: string,
    body: Record<string, unknown>,
    replyTo: string | undefined,
  ): { status: number; body: Record<string, unknown> } {
    const reject = (r: Rejection) => ({ status: 400, body: { code: r.code, msg: r.msg } });
    const uuid = typeof body.uuid === 'string' ? body.uuid : undefined;
    if (uuid !== undefined && uuid.length > 50)
      return reject({ code: 230001, msg: 'invalid request parameter: uuid too long' });
    const prior = uuid ? uuids.get(uuid) : undefined;
    if (prior) {
      fake.uuidRepeats++;
      return {
        status: 200,
        body: { code: 0, msg: 'success', data: { message_id: prior.messageId, chat_id: prior.chatId } },
      };
    }
    const checked = validateMessage(body.msg_type, body.content);
    if (isRejection(checked)) return reject(checked);
    if (checked.cardId !== undefined) {
      const card = fake.cards.get(checked.cardId);
      if (!card) return reject({ code: 230099, msg: 'Failed to create card content: card entity not found' });
      if (card.sent)
        return reject({ code: 230099, msg: 'Failed to create card content: a card entity can be sent only once' });
    }
    const now = Date.now();
    if (storm > 0) {
      storm--;
      return reject({ code: 230020, msg: 'This operation triggers the frequency limit.' });
    }
    if (overLimit(chatSends, chatId, perChat, now, true)) {
      return reject({ code: 230020, msg: 'This operation triggers the frequency limit.' });
    }
    if (checked.cardId !== undefined) fake.cards.get(checked.cardId)!.sent = true;
    const msg: FakeMessage = {
      messageId: `om_fake${(++seq).toString().padStart(8, '0')}`,
      chatId,
      msgType: String(body.msg_type),
      content: checked.parsed,
      ...(replyTo ? { replyTo } : {}),
      ...(uuid ? { uuid } : {}),
      at: now,
    };
    fake.messages.push(msg);
    knownMessages.set(msg.messageId, chatId);
    if (uuid) uuids.set(uuid, msg);
    return {
      status: 200,
      body: { code: 0, msg: 'success', data: { message_id: msg.messageId, chat_id: chatId, msg_type: msg.msgType } },
    };
  }

  function route(method: string, path: string, query: URLSearchParams, body: Record<string, unknown>) {
    if (method === 'GET' && path === '/open-apis/bot/v3/info') {
      return {
        status: 200,
        body: {
          code: 0,
          msg: 'ok',
          bot: {
            activate_status: 2,
            app_name: opts.botName ?? '导购助手',
            avatar_url: '',
            ip_white_list: [],
            open_id: botOpenId,
          },
        },
      };
    }
    if (method === 'POST' && path === '/open-apis/im/v1/messages') {
      const type = query.get('receive_id_type');
      if (!type || !['open_id', 'user_id', 'union_id', 'email', 'chat_id'].includes(type)) {
        return { status: 400, body: { code: 230001, msg: 'invalid request parameter: receive_id_type' } };
      }
      if (typeof body.receive_id !== 'string' || !body.receive_id)
        return { status: 400, body: { code: 230001, msg: 'invalid receive_id' } };
      return sendMessage(body.receive_id, body, undefined);
    }
    const reply = /^\/open-apis\/im\/v1\/messages\/([^/]+)\/reply$/.exec(path);
    if (method === 'POST' && reply) {
      const chatId = knownMessages.get(reply[1]!);
      if (!chatId)
        return { status: 400, body: { code: 230001, msg: 'invalid request parameter: message_id not found' } };
      return sendMessage(chatId, body, reply[1]);
    }
    const members = /^\/open-apis\/im\/v1\/chats\/([^/]+)\/members$/.exec(path);
    if (method === 'GET' && members) {
      const list = chats.get(members[1]!);
      if (!list) return { status: 400, body: { code: 232006, msg: 'invalid chat_id' } };
      const size = Math.min(Number(query.get('page_size') ?? 20) || 20, 100);
      const start = Number(Buffer.from(query.get('page_token') ?? '', 'base64').toString() || 0);
      const items = list.slice(start, start + size).map((m) => ({
        member_id_type: query.get('member_id_type') ?? 'open_id',
        member_id: m.openId,
        name: m.name,
        tenant_key: 'tk_fake',
      }));
      const next = start + size;
      const hasMore = next < list.length;
      return {
        status: 200,
        body: {
          code: 0,
          msg: 'success',
          data: {
            items,
            has_more: hasMore,
            page_token: hasMore ? Buffer.from(String(next)).toString('base64') : '',
            member_total: list.length,
          },
        },
      };
    }
    if (path.startsWith('/open-apis/cardkit/v1/cards'))
      return handleCardkit(fake, method, path, body, opts.perCardLimit ?? 10);
    return { status: 404, body: { code: 404, msg: '404 page not found' } };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const raw = await readBody(req);
    const record = (status: number, out: Record<string, unknown>, body: unknown) => {
      fake.calls.push({
        method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        ...(req.headers.authorization ? { auth: req.headers.authorization } : {}),
        body,
        status,
        code: typeof out.code === 'number' ? out.code : -1,
        at: Date.now(),
      });
      json(
        res,
        status,
        out,
        status === 429 ? { 'x-ogw-ratelimit-limit': String(perApi), 'x-ogw-ratelimit-reset': '1' } : {},
      );
    };
    let body: Record<string, unknown> = {};
    if (raw) {
      if (!String(req.headers['content-type'] ?? '').includes('application/json')) {
        return record(
          400,
          { code: 99992402, msg: 'field validation failed: content-type must be application/json' },
          raw,
        );
      }
      try {
        body = JSON.parse(raw);
      } catch {
        return record(400, { code: 99992402, msg: 'field validation failed: body is not JSON' }, raw);
      }
    }
    if (method === 'POST' && url.pathname === '/open-apis/auth/v3/tenant_access_token/internal') {
      const failure = failures.find((f) => f.remaining > 0 && f.match(method, url.pathname));
      if (failure) {
        failure.remaining--;
        return record(failure.status, failure.body, body);
      }
      if (body.app_id !== opts.appId || body.app_secret !== opts.appSecret) {
        return record(400, { code: 10014, msg: 'app secret invalid' }, body);
      }
      const token = `t-fake${(++fake.tokensIssued).toString().padStart(4, '0')}`;
      tokens.add(token);
      return record(200, { code: 0, msg: 'ok', tenant_access_token: token, expire: 7200 }, body);
    }
    const auth = req.headers.authorization;
    if (!auth?.startsWith('Bearer ')) {
      return record(
        400,
        { code: 99991661, msg: 'Missing access token for authorization. Please make a request with token attached.' },
        body,
      );
    }
    if (!tokens.has(auth.slice(7))) {
      return record(
        400,
        { code: 99991663, msg: 'Invalid access token for authorization. Please make a request with token attached.' },
        body,
      );
    }
    const failure = failures.find((f) => f.remaining > 0 && f.match(method, url.pathname));
    if (failure) {
      failure.remaining--;
      if (failure.status === 0) {
        hung.add(res);
        return;
      }
      return record(failure.status, failure.body, body);
    }
    const apiKey = `${method} ${url.pathname.replace(/\/(om|oc|ou)_[^/]+|\/\d{6,}|\/elements\/[^/]+/g, '/:id')}`;
    const now = Date.now();
    if (
      overLimit(apiHits, apiKey, perApi, now, false) ||
      overLimit(apiMinuteHits, apiKey, perApiMinute, now, false, 60_000)
    ) {
      return record(429, { code: 99991400, msg: 'request trigger frequency limit' }, body);
    }
    overLimit(apiHits, apiKey, perApi, now, true);
    overLimit(apiMinuteHits, apiKey, perApiMinute, now, true, 60_000);
    const out = route(method, url.pathname, url.searchParams, body);
    return record(out.status, out.body, body);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => json(res, 500, { code: 1, msg: String(err) }));
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
