import { zValidator } from '@hono/zod-validator';
import { type Context, Hono } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import { z } from 'zod';
import type { Services } from '../../core/services.js';
import { DAY, parseDateParam } from '../../features/feedback/china-time.js';
import { decideIntel } from '../../features/intel/intel-actions.js';
import { buildFeedbackReport } from '../../features/tickets/feedback-report.js';
import { type Actor, closeTicket, noteTicket, type TicketActionResult } from '../../features/tickets/ticket-actions.js';
import { DEFAULT_STORE } from '../../ports/roles.js';
import { reportToCsv } from './report-csv.js';

export interface AdminApiOptions {
  /** ADMIN_TOKEN; without it every admin route answers 503 telling the operator to set it. */
  adminToken?: string;
}

const ADMIN: Actor = { id: 'admin', name: '管理员', role: 'manager', storeId: DEFAULT_STORE, admin: true };
const CALENDAR_DAY = /^\s*\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\s*$/;
const PATHS = ['/customers/*', '/reports/*', '/tickets', '/tickets/*', '/intel', '/intel/*'];

const dateParam = z
  .string()
  .optional()
  .refine(
    (v) => v === undefined || v === '' || parseDateParam(v) !== undefined,
    'must be a date like 2026-11-01, ISO-8601 or epoch ms',
  );
const reportQuery = z.object({
  store: z.string().trim().max(64).optional(),
  from: dateParam,
  to: dateParam,
  format: z.enum(['json', 'csv']).optional(),
});
const closeBody = z.object({ resolution: z.string().trim().min(1, 'resolution is required').max(2000) });
const noteBody = z.object({
  text: z.string().trim().min(1, 'text is required').max(2000),
  kind: z.enum(['note', 'plan']).default('note'),
});
const approveBody = z.object({ points: z.number().int().min(1).max(100).optional() });
const rejectBody = z.object({ reason: z.string().trim().max(500).optional() });
/** Ticket and intel numbers: plain decimal integers only (no `0x1`, `1e0`, ` 1`, `01`). */
const numberParam = z.object({
  no: z
    .string()
    .regex(/^[1-9]\d{0,9}$/, 'must be a positive decimal integer, e.g. 12')
    .transform(Number)
    .pipe(z.number().int().max(2_147_483_647)),
});
/** Customer ids as the CRM issues them (`cus_…`). */
const customerParam = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a customer id such as cus_123'),
});
const listQuery = z.object({
  store: z.string().trim().max(64).optional(),
  status: z.enum(['open', 'closed', 'pending', 'approved', 'rejected']).optional(),
});

const invalid = (
  result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } },
  c: Context,
) => {
  if (!result.success) {
    const first = result.error?.issues[0];
    return c.json({ error: 'bad_request', message: `${first?.path.join('.') || 'request'}: ${first?.message}` }, 400);
  }
};

const ticketStatus = (r: TicketActionResult) =>
  r.ok ? 200 : r.code === 'not_found' ? 404 : r.code === 'forbidden' ? 403 : 409;

/**
 * The admin API (mount at /api): bearer ADMIN_TOKEN, which acts as every store's manager.
 * PIPL access and erasure of one customer, the feedback report (JSON or CSV), and ticket and
 * intel actions for setups without a roles file.
 */
export function createAdminApi(services: Services, opts: AdminApiOptions): Hono {
  const app = new Hono();
  for (const p of PATHS) {
    app.use(p, async (c, next) => {
      if (!opts.adminToken)
        return c.json({ error: 'admin_disabled', message: 'set ADMIN_TOKEN to use the admin API' }, 503);
      return bearerAuth({ token: opts.adminToken })(c, next);
    });
  }

  app.get('/customers/lookup', async (c) => {
    const contact = (c.req.query('contact') ?? '').replace(/\D/g, '');
    if (!contact) return c.json({ error: 'bad_request', message: 'contact (a mobile number) is required' }, 400);
    const customer = await services.crm.customers.find({ contact });
    return customer
      ? c.json({ customer })
      : c.json({ error: 'not_found', message: 'no customer with this contact' }, 404);
  });
  app.get('/customers/:id', zValidator('param', customerParam, invalid), async (c) => {
    const data = await services.crm.customers.export(c.req.valid('param').id);
    if (!data) return c.json({ error: 'not_found', message: 'no such customer' }, 404);
    c.header('content-disposition', `attachment; filename="customer-${data.customer.id}.json"`);
    return c.json({ exportedAt: services.clock.now(), ...data });
  });
  app.delete('/customers/:id', zValidator('param', customerParam, invalid), async (c) => {
    const ok = await services.crm.customers.erase(c.req.valid('param').id, services.clock.now());
    return ok ? c.json({ deleted: true }) : c.json({ error: 'not_found', message: 'no such customer' }, 404);
  });

  app.get('/reports/feedback', zValidator('query', reportQuery, invalid), async (c) => {
    const q = c.req.valid('query');
    const toAt = parseDateParam(q.to);
    // A calendar date as `to` includes that whole day.
    const to = toAt === undefined ? services.clock.now() + 1 : CALENDAR_DAY.test(q.to ?? '') ? toAt + DAY : toAt;
    const from = parseDateParam(q.from) ?? to - 7 * DAY;
    if (from >= to) return c.json({ error: 'bad_request', message: 'from must be before to' }, 400);
    const report = await buildFeedbackReport(services, { ...(q.store ? { storeId: q.store } : {}), from, to });
    const csv = q.format === 'csv' || (q.format !== 'json' && (c.req.header('accept') ?? '').includes('text/csv'));
    if (!csv) return c.json(report);
    c.header('content-type', 'text/csv; charset=utf-8');
    c.header('content-disposition', `attachment; filename="feedback-${q.store ?? 'all'}.csv"`);
    return c.body(reportToCsv(report));
  });

  app.get('/tickets', zValidator('query', listQuery, invalid), async (c) => {
    const q = c.req.valid('query');
    const status = q.status === 'open' || q.status === 'closed' ? q.status : undefined;
    return c.json({
      tickets: await services.crm.tickets.list({
        ...(q.store ? { storeId: q.store } : {}),
        ...(status ? { status } : {}),
      }),
    });
  });
  app.post(
    '/tickets/:no/close',
    zValidator('param', numberParam, invalid),
    zValidator('json', closeBody, invalid),
    async (c) => {
      const r = await closeTicket(services, c.req.valid('param').no, ADMIN, c.req.valid('json').resolution);
      return c.json(r, ticketStatus(r));
    },
  );
  app.post(
    '/tickets/:no/notes',
    zValidator('param', numberParam, invalid),
    zValidator('json', noteBody, invalid),
    async (c) => {
      const body = c.req.valid('json');
      const r = await noteTicket(services, c.req.valid('param').no, ADMIN, body.kind, body.text);
      return c.json(r, ticketStatus(r));
    },
  );

  app.get('/intel', zValidator('query', listQuery, invalid), async (c) => {
    const q = c.req.valid('query');
    const status = q.status === 'pending' || q.status === 'approved' || q.status === 'rejected' ? q.status : undefined;
    return c.json({
      intel: await services.crm.intel.list({ ...(q.store ? { storeId: q.store } : {}), ...(status ? { status } : {}) }),
    });
  });
  app.post(
    '/intel/:no/approve',
    zValidator('param', numberParam, invalid),
    zValidator('json', approveBody, invalid),
    async (c) => {
      const body = c.req.valid('json');
      const r = await decideIntel(services, c.req.valid('param').no, ADMIN, {
        status: 'approved',
        ...(body.points ? { points: body.points } : {}),
      });
      return c.json(r, r.ok ? 200 : r.code === 'not_found' ? 404 : 403);
    },
  );
  app.post(
    '/intel/:no/reject',
    zValidator('param', numberParam, invalid),
    zValidator('json', rejectBody, invalid),
    async (c) => {
      const body = c.req.valid('json');
      const r = await decideIntel(services, c.req.valid('param').no, ADMIN, {
        status: 'rejected',
        ...(body.reason ? { reason: body.reason } : {}),
      });
      return c.json(r, r.ok ? 200 : r.code === 'not_found' ? 404 : 403);
    },
  );
  return app;
}
