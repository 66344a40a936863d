import type { IncomingMessage, ServerResponse } from 'node:http';

/** The body of a chat completion request, as far as the fake reads it. */
export interface FakeChatBody {
  model: string;
  messages: { role: string; content: unknown }[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  temperature?: number;
  response_format?: { type: string; json_schema?: { name?: string; schema?: unknown; strict?: boolean } };
}

/** Sends an OpenAI error envelope: `{ error: { message, type, param, code } }`. */
export function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  extra: { type?: string; param?: string | null; code?: string | null } = {},
): void {
  const body = JSON.stringify({
    error: {
      message,
      type: extra.type ?? 'invalid_request_error',
      param: extra.param ?? null,
      code: extra.code ?? null,
    },
  });
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export function sendJson(res: ServerResponse, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

/** OpenAI checks the bearer key before anything else. */
export function checkAuth(req: IncomingMessage, res: ServerResponse, apiKey: string): boolean {
  const auth = req.headers.authorization;
  if (!auth?.startsWith('Bearer ')) {
    sendError(
      res,
      401,
      "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
    );
    return false;
  }
  const key = auth.slice('Bearer '.length);
  if (key !== apiKey) {
    const shown = key.length > 8 ? `${key.slice(0, 3)}*****${key.slice(-4)}` : '*****';
    sendError(res, 401, `Incorrect API key provided: ${shown}.`, { code: 'invalid_api_key' });
    return false;
  }
  return true;
}

/** Validates a chat body like the real API; returns an error to send, or undefined. */
export function validateChat(body: unknown): { status: number; message: string; param: string | null } | undefined {
  if (!body || typeof body !== 'object')
    return { status: 400, message: 'We could not parse the JSON body.', param: null };
  const b = body as Partial<FakeChatBody>;
  if (typeof b.model !== 'string' || b.model === '') {
    return { status: 400, message: 'you must provide a model parameter', param: null };
  }
  if (!Array.isArray(b.messages) || b.messages.length === 0) {
    return {
      status: 400,
      message: "Invalid 'messages': empty array. Expected an array with minimum length 1.",
      param: 'messages',
    };
  }
  for (const [i, m] of b.messages.entries()) {
    const okRole = ['system', 'developer', 'user', 'assistant', 'tool'].includes(m?.role);
    const okContent = typeof m?.content === 'string' || Array.isArray(m?.content);
    if (!okRole || !okContent) {
      return { status: 400, message: `Invalid value for 'messages[${i}]'.`, param: `messages[${i}]` };
    }
  }
  const rf = b.response_format;
  if (rf) {
    if (!['text', 'json_object', 'json_schema'].includes(rf.type)) {
      return { status: 400, message: `Invalid value: '${rf.type}'.`, param: 'response_format.type' };
    }
    if (rf.type === 'json_object' && !b.messages.some((m) => /json/i.test(JSON.stringify(m.content)))) {
      return {
        status: 400,
        message:
          "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.",
        param: 'messages',
      };
    }
    if (rf.type === 'json_schema') {
      const name = rf.json_schema?.name;
      if (typeof name !== 'string' || !/^[a-zA-Z0-9_-]{1,64}$/.test(name)) {
        return {
          status: 400,
          message: "Invalid 'response_format.json_schema.name'.",
          param: 'response_format.json_schema.name',
        };
      }
      if (!rf.json_schema?.schema || typeof rf.json_schema.schema !== 'object') {
        return {
          status: 400,
          message: "Missing 'response_format.json_schema.schema'.",
          param: 'response_format.json_schema.schema',
        };
      }
    }
  }
  return undefined;
}
