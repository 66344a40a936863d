import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { checkAuth, type FakeChatBody, readBody, sendError, sendJson, validateChat } from './fake-protocol.js';
import { fakeVector, toBase64Float32 } from './fake-vectors.js';

export type { FakeChatBody } from './fake-protocol.js';

/**
 * How the fake misbehaves: 'slow' waits `delayMs` before answering; '500' answers with a
 * server_error; 'garbage' sends a 200 whose body is not JSON (or SSE whose data is not JSON);
 * 'midstream-error' sends a few chunks, then destroys the socket; 'bad-json' answers
 * structured (response_format) calls with text that is not JSON; 'reject-json-schema'
 * answers json_schema calls with 400 like a server that lacks the feature; 'truncated-stream'
 * ends a stream cleanly after a few chunks, without a finish_reason or [DONE] (a cutting proxy).
 */
export type FakeMode =
  | 'ok'
  | 'slow'
  | '500'
  | 'garbage'
  | 'midstream-error'
  | 'truncated-stream'
  | 'bad-json'
  | 'reject-json-schema';

export interface FakeBehaviour {
  mode: FakeMode;
  delayMs?: number;
  /** Apply to the next N matching requests only, then behave normally again. */
  times?: number;
}

/** Produces the assistant's text for a chat request. */
export type FakeReply = (body: FakeChatBody) => string;

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  raw: string;
  body: unknown;
}

export interface FakeOpenAiOptions {
  apiKey?: string;
  chatModels?: string[];
  embeddingModels?: string[];
  embeddingDims?: number;
  reply?: FakeReply;
  /** Characters per streamed chunk (default 3) and the pause between chunks (default 0). */
  chunkChars?: number;
  chunkDelayMs?: number;
}

export interface FakeOpenAi {
  /** `http://127.0.0.1:<port>/v1` */
  baseURL: string;
  apiKey: string;
  requests: RecordedRequest[];
  /** Parsed bodies of the chat completion requests, in order. */
  chatBodies(): FakeChatBody[];
  setReply(reply: FakeReply): void;
  behave(b: FakeBehaviour | FakeMode): void;
  setStreaming(s: { chunkChars?: number; chunkDelayMs?: number }): void;
  /** Forget recorded requests, reset behaviour and reply. */
  reset(): void;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const GARBAGE = '<html><body><h1>502 Bad Gateway</h1></body></html>';

/** Starts a faithful OpenAI-compatible fake (chat completions incl. SSE, embeddings) on 127.0.0.1, port 0. */
export async function startFakeOpenAi(opts: FakeOpenAiOptions = {}): Promise<FakeOpenAi> {
  const apiKey = opts.apiKey ?? 'sk-fake-test-key';
  const chatModels = opts.chatModels ?? ['fake-chat'];
  const embeddingModels = opts.embeddingModels ?? ['fake-embed'];
  const defaultReply: FakeReply = () => '这是假模型的回答。';
  let reply = opts.reply ?? defaultReply;
  let behaviour: FakeBehaviour = { mode: 'ok' };
  let chunkChars = opts.chunkChars ?? 3;
  let chunkDelayMs = opts.chunkDelayMs ?? 0;
  let seq = 0;
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();

  /** The mode for this request, consuming one of `times`. */
  function takeMode(applies: (m: FakeMode) => boolean): FakeBehaviour {
    const b = behaviour;
    if (b.mode === 'ok' || !applies(b.mode)) return { mode: 'ok' };
    if (b.times !== undefined) {
      b.times -= 1;
      if (b.times <= 0) behaviour = { mode: 'ok' };
    }
    return b;
  }

  async function chat(res: ServerResponse, body: FakeChatBody): Promise<void> {
    const structured = body.response_format?.type === 'json_schema' || body.response_format?.type === 'json_object';
    const b = takeMode((m) => {
      if (m === 'bad-json') return structured;
      if (m === 'reject-json-schema') return body.response_format?.type === 'json_schema';
      if (m === 'truncated-stream') return body.stream === true;
      return true;
    });
    if (b.mode === 'slow') await sleep(b.delayMs ?? 1000);
    if (res.destroyed) return;
    if (b.mode === '500') {
      return sendError(res, 500, 'The server had an error while processing your request. Sorry about that!', {
        type: 'server_error',
      });
    }
    if (b.mode === 'reject-json-schema') {
      return sendError(
        res,
        400,
        "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.",
        {
          param: 'response_format',
        },
      );
    }
    const id = `chatcmpl-${++seq}${randomBytes(6).toString('hex')}`;
    const created = Math.floor(Date.now() / 1000);
    const text = b.mode === 'bad-json' ? '好的，意图是 {intent: product' : reply(body);
    const promptTokens = body.messages.reduce((n, m) => n + JSON.stringify(m.content).length, 0);
    const usage = {
      prompt_tokens: promptTokens,
      completion_tokens: text.length,
      total_tokens: promptTokens + text.length,
    };
    if (body.stream) return streamChat(res, body, { id, created, text, usage, mode: b.mode });
    if (b.mode === 'garbage') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(GARBAGE);
    }
    const completion = {
      id,
      object: 'chat.completion',
      created,
      model: body.model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: text, refusal: null },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage,
      system_fingerprint: 'fp_fake',
    };
    if (b.mode === 'midstream-error') {
      const json = JSON.stringify(completion);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
      res.write(json.slice(0, Math.floor(json.length / 2)));
      return void setTimeout(() => res.socket?.destroy(), 20);
    }
    sendJson(res, completion);
  }

  async function streamChat(
    res: ServerResponse,
    body: FakeChatBody,
    c: { id: string; created: number; text: string; usage: object; mode: FakeMode },
  ): Promise<void> {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
    if (c.mode === 'garbage') return void res.end(`data: ${GARBAGE}\n\n`);
    const base = {
      id: c.id,
      object: 'chat.completion.chunk',
      created: c.created,
      model: body.model,
      system_fingerprint: 'fp_fake',
    };
    const send = (choices: unknown[], extra: object = {}) => {
      if (!res.destroyed) res.write(`data: ${JSON.stringify({ ...base, choices, ...extra })}\n\n`);
    };
    send([{ index: 0, delta: { role: 'assistant', content: '', refusal: null }, logprobs: null, finish_reason: null }]);
    const chars = [...c.text];
    for (let i = 0, n = 0; i < chars.length; i += chunkChars, n++) {
      if (c.mode === 'midstream-error' && n === 2) return void res.socket?.destroy();
      if (c.mode === 'truncated-stream' && n === 2) return void res.end();
      if (chunkDelayMs > 0) await sleep(chunkDelayMs);
      if (res.destroyed) return;
      send([
        { index: 0, delta: { content: chars.slice(i, i + chunkChars).join('') }, logprobs: null, finish_reason: null },
      ]);
    }
    if (c.mode === 'midstream-error') return void res.socket?.destroy();
    send([{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }]);
    if (body.stream_options?.include_usage) send([], { usage: c.usage });
    if (!res.destroyed) res.end('data: [DONE]\n\n');
  }

  async function embeddings(res: ServerResponse, body: Record<string, unknown>): Promise<void> {
    const b = takeMode((m) => m === 'slow' || m === '500' || m === 'garbage');
    if (b.mode === 'slow') await sleep(b.delayMs ?? 1000);
    if (res.destroyed) return;
    if (b.mode === '500')
      return sendError(res, 500, 'The server had an error while processing your request.', { type: 'server_error' });
    if (b.mode === 'garbage') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(GARBAGE);
    }
    const input = typeof body.input === 'string' ? [body.input] : body.input;
    if (!Array.isArray(input) || input.length === 0 || input.some((t) => typeof t !== 'string' || t === '')) {
      return sendError(res, 400, "'$.input' is invalid. Please check the API reference.", { param: 'input' });
    }
    const dims = typeof body.dimensions === 'number' ? body.dimensions : (opts.embeddingDims ?? 64);
    const format = body.encoding_format ?? 'float';
    if (format !== 'float' && format !== 'base64') {
      return sendError(res, 400, `Invalid value: '${String(format)}'.`, { param: 'encoding_format' });
    }
    const data = (input as string[]).map((t, index) => {
      const v = fakeVector(t, dims);
      return { object: 'embedding', index, embedding: format === 'base64' ? toBase64Float32(v) : v };
    });
    const tokens = (input as string[]).reduce((n, t) => n + t.length, 0);
    sendJson(res, { object: 'list', data, model: body.model, usage: { prompt_tokens: tokens, total_tokens: tokens } });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = undefined;
    }
    requests.push({ method: req.method ?? '', path, headers: { ...req.headers }, raw, body });
    if (!checkAuth(req, res, apiKey)) return;
    const route = `${req.method} ${path}`;
    if (route === 'GET /v1/models') {
      const data = [...chatModels, ...embeddingModels].map((id) => ({
        id,
        object: 'model',
        created: 0,
        owned_by: 'fake',
      }));
      return sendJson(res, { object: 'list', data });
    }
    if (route !== 'POST /v1/chat/completions' && route !== 'POST /v1/embeddings') {
      return sendError(res, 404, `Invalid URL (${req.method} ${path})`);
    }
    if (!body || typeof body !== 'object')
      return sendError(res, 400, 'We could not parse the JSON body of your request.');
    const model = (body as { model?: unknown }).model;
    const known = route === 'POST /v1/embeddings' ? embeddingModels : chatModels;
    if (typeof model === 'string' && model !== '' && !known.includes(model)) {
      return sendError(res, 404, `The model \`${model}\` does not exist or you do not have access to it.`, {
        code: 'model_not_found',
      });
    }
    if (route === 'POST /v1/embeddings') return embeddings(res, body as Record<string, unknown>);
    const invalid = validateChat(body);
    if (invalid) return sendError(res, invalid.status, invalid.message, { param: invalid.param });
    return chat(res, body as FakeChatBody);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) sendError(res, 500, `fake crashed: ${String(err)}`, { type: 'server_error' });
      else res.destroy();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    apiKey,
    requests,
    chatBodies: () =>
      requests.filter((r) => r.path === '/v1/chat/completions' && r.body).map((r) => r.body as FakeChatBody),
    setReply: (fn) => {
      reply = fn;
    },
    behave: (b) => {
      behaviour = typeof b === 'string' ? { mode: b } : { ...b };
    },
    setStreaming: (s) => {
      chunkChars = s.chunkChars ?? chunkChars;
      chunkDelayMs = s.chunkDelayMs ?? chunkDelayMs;
    },
    reset: () => {
      requests.length = 0;
      behaviour = { mode: 'ok' };
      reply = opts.reply ?? defaultReply;
      chunkChars = opts.chunkChars ?? 3;
      chunkDelayMs = opts.chunkDelayMs ?? 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
