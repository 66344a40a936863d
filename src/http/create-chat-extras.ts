import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import { timingSafeEqual } from 'hono/utils/buffer';
import { z } from 'zod';
import { recordVote, VOTE_TOASTS } from '../core/record-vote.js';
import type { Services } from '../core/services.js';
import {
  bearerToken,
  guestIdentity,
  type HttpIdentityResolver,
  resolveHttpIdentity,
} from './identity/http-identity.js';
import { invalidRequest as invalid } from './invalid-request.js';

export interface ChatExtrasOptions {
  /** As for /api/chat: without a verified identity a caller needs this bearer token when it is set. */
  chatToken?: string;
  identity?: readonly HttpIdentityResolver[];
}

// Sections the bot never quotes are not shown either.
const UNQUOTABLE = /未核实|待整改|传言|草稿/;

const voteBody = z.object({
  user: z.string().trim().min(1).max(128),
  reply_id: z.string().trim().min(1).max(64),
  vote: z.enum(['up', 'down']),
});
const passageQuery = z.object({ id: z.string().trim().min(1).max(128), section: z.string().max(200).optional() });

/**
 * What the chat page needs besides /api/chat (mount at /api): `GET /passage` opens a quoted
 * passage (document title + section text), `POST /vote` records 👍/👎 on one of the caller's
 * own recent replies. Same guard as /api/chat.
 */
export function createChatExtras(services: Services, opts: ChatExtrasOptions): Hono {
  const app = new Hono();
  const resolvers = opts.identity ?? [];
  for (const p of ['/passage', '/vote']) {
    app.use(p, async (c, next) => {
      if (!opts.chatToken) return next();
      const token = bearerToken(c);
      if ((token && (await timingSafeEqual(token, opts.chatToken))) || (await resolveHttpIdentity(c, resolvers)))
        return next();
      return c.json({ error: 'unauthorized', message: '需要访问令牌（Authorization: Bearer <CHAT_TOKEN>）' }, 401);
    });
  }

  app.get('/passage', zValidator('query', passageQuery, invalid), (c) => {
    const q = c.req.valid('query');
    const doc = services.knowledge.get(q.id);
    if (!doc) return c.json({ error: 'not_found', message: '找不到这份资料' }, 404);
    const section = doc.sections.find((s) => s.heading === (q.section ?? '')) ?? doc.sections.find((s) => s.text);
    if (!section || UNQUOTABLE.test(section.heading))
      return c.json({ error: 'not_found', message: '这一节不能引用' }, 404);
    return c.json({
      title: doc.type === 'product' ? doc.name : doc.title,
      section: section.heading,
      text: section.text,
    });
  });

  app.post('/vote', zValidator('json', voteBody, invalid), async (c) => {
    const b = c.req.valid('json');
    const who = (await resolveHttpIdentity(c, resolvers)) ?? guestIdentity(services.roles, services.pii.mask(b.user));
    const now = services.clock.now();
    // Only a reply this caller received in the last day can be voted on.
    const mine = await services.crm.listInteractions({ userId: who.userId, from: now - 86400_000, limit: 500 });
    const replied = mine.find((r) => r.id === b.reply_id && r.kind !== 'vote');
    if (!replied) return c.json({ error: 'not_found', message: '找不到这条回答' }, 404);
    await recordVote(services, {
      id: `vote_http_${b.reply_id}`,
      channel: 'http',
      storeId: who.user.storeId,
      userId: who.userId,
      chatId: replied.chatId,
      replyId: b.reply_id,
      vote: b.vote,
    });
    return c.json({ ok: true, message: VOTE_TOASTS[b.vote] });
  });
  return app;
}
