import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import type { ChannelModule } from '../channels/types.js';
import type { Assistant } from '../core/assistant.js';
import { type BodyLimitRule, DEFAULT_BODY_LIMITS, DEFAULT_MAX_BODY_BYTES, limitBodies } from './body-limits.js';
import { toChatCard } from './chat-card.js';
import { toChatJson } from './chat-json.js';
import { chatPageHtml } from './chat-page.js';
import {
  bearerToken,
  guestIdentity,
  type HttpIdentityResolver,
  resolveHttpIdentity,
} from './identity/http-identity.js';

export interface HttpAppOptions {
  assistant: Assistant;
  channels: ChannelModule[];
  /** When set, `/api/chat` requires `Authorization: Bearer <chatToken>` (or a verified identity). */
  chatToken?: string;
  /**
   * How a caller of `/api/chat` proves who they are (personal tokens, the console session).
   * Without a verified identity a caller is a guest associate, whatever `user` they send.
   */
  identity?: readonly HttpIdentityResolver[];
  /** Extra route groups (admin API, reports), mounted as given. */
  mounts?: { path: string; app: Hono }[];
  /** Body limits by path prefix (defaults: 64 KB for /api/chat, `maxBodyBytes` elsewhere). */
  bodyLimits?: readonly BodyLimitRule[];
  maxBodyBytes?: number;
  /** Reports readiness details for /health. */
  health?: () => Record<string, unknown>;
}

const MAX_QUESTION_CHARS = 2000;

const chatBody = z.object({
  user: z.string().trim().min(1, 'user is required').max(128),
  text: z.string().max(20000, 'text is longer than 20000 characters'),
  chat: z.string().trim().min(1).max(128).optional(),
});

function sameSecret(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** The one Hono app for every runtime (Node, Workers): chat API, chat page, webhooks, admin. */
export function createHttpApp(opts: HttpAppOptions): Hono {
  const app = new Hono();
  const { assistant } = opts;
  const { clock, roles, pii } = assistant.services;
  const resolvers = opts.identity ?? [];

  app.use('*', limitBodies(opts.bodyLimits ?? DEFAULT_BODY_LIMITS, opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES));

  app.get('/health', (c) => c.json({ ok: true, ...(opts.health?.() ?? {}) }));

  app.get('/', (c) => {
    // The page itself is harmless; with a token configured it asks for it and sends it as a bearer.
    return c.html(chatPageHtml({ needsToken: Boolean(opts.chatToken) }));
  });

  // Who is asking, checked before the body is read; roles come only from a verified identity.
  app.use('/api/chat', async (c, next) => {
    const verified = await resolveHttpIdentity(c, resolvers);
    if (opts.chatToken && !verified) {
      const token = bearerToken(c);
      if (!token || !sameSecret(token, opts.chatToken)) {
        c.header('www-authenticate', 'Bearer realm="daogou"');
        return c.json({ error: 'unauthorized', message: '需要访问令牌（Authorization: Bearer <CHAT_TOKEN>）' }, 401);
      }
    }
    if (verified) c.set('identity', verified);
    await next();
  });

  app.post(
    '/api/chat',
    zValidator('json', chatBody, (result, c) => {
      if (!result.success) {
        const first = result.error.issues[0];
        return c.json({ error: 'bad_request', message: `${first?.path.join('.') || 'body'}: ${first?.message}` }, 400);
      }
    }),
    async (c) => {
      const body = c.req.valid('json');
      const text = body.text.trim();
      if (!text) return c.json({ error: 'bad_request', message: '问题不能为空 (text is empty)' }, 400);
      // Without a verified identity, `user` only labels the conversation of a guest associate.
      const who = c.get('identity') ?? guestIdentity(roles, pii.mask(body.user));
      const started = clock.now();
      const reply = await assistant.handle(
        {
          eventId: assistant.services.ids.next('http_'),
          channel: 'http',
          chatId: body.chat ?? `http:${who.userId}`,
          chatType: 'p2p',
          userId: who.userId,
          text: text.length > MAX_QUESTION_CHARS ? text.slice(0, MAX_QUESTION_CHARS) : text,
          addressedToBot: true,
          sentAt: started,
        },
        { user: who.user },
      );
      if (!reply) return c.json({ error: 'no_reply', message: 'nothing to answer' }, 422);
      // The chat page asks for `?view=card` to render the reply like the Lark card.
      const card = c.req.query('view') === 'card' ? { card: toChatCard(reply, assistant.services.knowledge) } : {};
      return c.json({ ...toChatJson(reply), truncated: text.length > MAX_QUESTION_CHARS, ...card });
    },
  );

  for (const ch of opts.channels) {
    if (ch.routes) app.route(`/webhooks/${ch.name}`, ch.routes);
  }
  for (const m of opts.mounts ?? []) app.route(m.path, m.app);

  app.onError((err, c) => {
    if (err instanceof HTTPException) {
      if (err.status === 400) return c.json({ error: 'bad_request', message: `请求格式不对：${err.message}` }, 400);
      return err.getResponse();
    }
    assistant.services.logger.error({ err, path: c.req.path }, 'http handler failed');
    return c.json({ error: 'internal', message: 'internal error; see the server log' }, 500);
  });
  return app;
}
