import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import type { ChannelModule } from '../channels/types.js';
import type { Assistant } from '../core/assistant.js';
import { toChatJson } from './chat-json.js';
import { chatPageHtml } from './chat-page.js';

export interface HttpAppOptions {
  assistant: Assistant;
  channels: ChannelModule[];
  /** When set, `/api/chat` and `/` require `Authorization: Bearer <chatToken>`. */
  chatToken?: string;
  /** Extra route groups (admin API, reports), mounted as given. */
  mounts?: { path: string; app: Hono }[];
  /** Reports readiness details for /health. */
  health?: () => Record<string, unknown>;
}

const MAX_QUESTION_CHARS = 2000;

const chatBody = z.object({
  user: z.string().trim().min(1, 'user is required').max(128),
  text: z.string().max(20000, 'text is longer than 20000 characters'),
  chat: z.string().trim().min(1).max(128).optional(),
});

/** The one Hono app for every runtime (Node, Workers): chat API, chat page, webhooks, admin. */
export function createHttpApp(opts: HttpAppOptions): Hono {
  const app = new Hono();
  const { assistant } = opts;
  const clock = assistant.services.clock;

  app.get('/health', (c) => c.json({ ok: true, ...(opts.health?.() ?? {}) }));

  const guard = opts.chatToken ? bearerAuth({ token: opts.chatToken }) : undefined;
  if (guard) {
    app.use('/api/chat', guard);
  }

  app.get('/', (c) => {
    // The page itself is harmless; with a token configured it asks for it and sends it as a bearer.
    return c.html(chatPageHtml({ needsToken: Boolean(opts.chatToken) }));
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
      const started = clock.now();
      const reply = await assistant.handle({
        eventId: assistant.services.ids.next('http_'),
        channel: 'http',
        chatId: body.chat ?? `http:${body.user}`,
        chatType: 'p2p',
        userId: body.user,
        text: text.length > MAX_QUESTION_CHARS ? text.slice(0, MAX_QUESTION_CHARS) : text,
        addressedToBot: true,
        sentAt: started,
      });
      if (!reply) return c.json({ error: 'no_reply', message: 'nothing to answer' }, 422);
      return c.json({ ...toChatJson(reply), truncated: text.length > MAX_QUESTION_CHARS });
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
