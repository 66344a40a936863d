import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import { z } from 'zod';
import type { Services } from '../../core/services.js';
import { groupGaps } from '../../features/curated/group-gaps.js';
import { saveCuratedAnswer } from '../../features/curated/save-curated-answer.js';
import { invalidRequest as invalid } from '../invalid-request.js';

export interface KnowledgeApiOptions {
  /** ADMIN_TOKEN; without it every route answers 503 telling the operator to set it. */
  adminToken?: string;
}

const answerBody = z.object({
  question: z.string().trim().min(1, 'question is required').max(500),
  answer: z.string().trim().min(1, 'answer is required').max(4000),
  product_id: z.string().trim().max(128).optional(),
  variants: z.array(z.string().trim().max(500)).max(20).optional(),
});
const gapsQuery = z.object({
  store: z.string().trim().max(64).optional(),
  days: z.coerce.number().int().min(1).max(365).optional(),
});

/**
 * The knowledge loop's admin API (mount at /api, bearer ADMIN_TOKEN): `POST /answers` writes a
 * curated answer into the pack (201 `{id}`, 422 with the Advertising-Law findings), and
 * `GET /gaps` lists declined questions grouped by what they ask.
 */
export function createKnowledgeApi(services: Services, opts: KnowledgeApiOptions): Hono {
  const app = new Hono();
  for (const p of ['/answers', '/gaps']) {
    app.use(p, async (c, next) => {
      if (!opts.adminToken)
        return c.json({ error: 'admin_disabled', message: 'set ADMIN_TOKEN to use the admin API' }, 503);
      return bearerAuth({ token: opts.adminToken })(c, next);
    });
  }

  app.post('/answers', zValidator('json', answerBody, invalid), async (c) => {
    const b = c.req.valid('json');
    const r = await saveCuratedAnswer(services, {
      question: b.question,
      answer: b.answer,
      ...(b.variants ? { variants: b.variants } : {}),
      ...(b.product_id ? { productId: b.product_id } : {}),
      author: '管理员',
    });
    if (r.ok) return c.json({ id: r.id }, 201);
    if (r.code === 'ad_law')
      return c.json(
        { error: 'ad_law', message: r.message, findings: r.findings.map((f) => ({ term: f.term, kind: f.kind })) },
        422,
      );
    if (r.code === 'read_only') return c.json({ error: 'read_only', message: r.message }, 503);
    return c.json({ error: r.code === 'unknown_product' ? 'not_found' : 'bad_request', message: r.message }, 400);
  });

  app.get('/gaps', zValidator('query', gapsQuery, invalid), async (c) => {
    const q = c.req.valid('query');
    const from = services.clock.now() - (q.days ?? 30) * 86400_000;
    const gaps = await services.crm.listGaps({ from, limit: 5000, ...(q.store ? { storeId: q.store } : {}) });
    return c.json({ gaps: groupGaps(gaps, services.knowledge) });
  });
  return app;
}
