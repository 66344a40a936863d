import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { CrmContext } from './crm-context.js';
import { enqueueOutbox } from './enqueue-outbox.js';

/** What replaces a customer's free text wherever it was stored. */
export const ERASED_TEXT = '（顾客已申请删除个人信息）';

const TEXT_FIELDS = new Set(['text', 'answer', 'question', 'resolution']);
const PERSON_FIELDS = new Set([
  'customerId',
  'customer_id',
  'customerName',
  'customer_name',
  'displayName',
  'display_name',
  'maskedContact',
  'masked_contact',
  'memberTail',
  'member_tail',
]);

/** A copy of an outbox payload with the customer's text and identity removed. */
export function redactPayload(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactPayload);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (TEXT_FIELDS.has(k) && typeof v === 'string') out[k] = ERASED_TEXT;
    else if (PERSON_FIELDS.has(k)) out[k] = null;
    else if (k === 'tags' && Array.isArray(v)) out[k] = [];
    else out[k] = redactPayload(v);
  }
  return out;
}

async function redactOutbox(trx: Kysely<Database>, kind: string, refs: (ref: string) => boolean, candidates: string[]) {
  if (!candidates.length) return;
  const rows = await trx
    .selectFrom('outbox')
    .select(['id', 'ref', 'payload'])
    .where('kind', '=', kind)
    .where('ref', 'in', candidates)
    .execute();
  for (const r of rows.filter((x) => refs(x.ref))) {
    const payload = JSON.stringify(redactPayload(JSON.parse(r.payload)));
    await trx.updateTable('outbox').set({ payload }).where('id', '=', r.id).execute();
  }
}

/**
 * PIPL erasure of one customer, in one transaction, from every table that can hold their
 * data: the customer row is deleted; their tickets, ticket notes and resolutions are
 * redacted and unlinked; interaction-log entries of the reports and of commands naming the
 * tickets are redacted; knowledge-gap rows with the report text are deleted; inbox replay
 * copies of the reports are dropped; outbox payloads (delivered or not) are redacted; a
 * `customer.erased` event tells remote sinks. Returns false for an unknown customer.
 */
export async function eraseCustomer(ctx: CrmContext, id: string, at: number): Promise<boolean> {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('customers')
      .select(['id', 'report_count'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) return false;
    const tickets = await trx
      .selectFrom('tickets')
      .select(['no', 'text', 'created_at', 'source_key'])
      .where('customer_id', '=', id)
      .execute();
    const nos = tickets.map((t) => Number(t.no));
    const texts = tickets.map((t) => t.text);
    const interactionIds: string[] = [];
    if (nos.length) {
      // The interaction log holds the same masked report text.
      const reports = await trx.selectFrom('interactions').select('id').where('text', 'in', texts).execute();
      interactionIds.push(...reports.map((r) => r.id));
      // Follow-up commands (跟进 #12 …) name the ticket and often the customer.
      const since = Math.min(...tickets.map((t) => Number(t.created_at)));
      const commands = await trx
        .selectFrom('interactions')
        .select(['id', 'text'])
        .where('kind', '=', 'command')
        .where('at', '>=', since)
        .where('text', 'like', '%#%')
        .execute();
      const names = new RegExp(`#\\s*(?:${nos.join('|')})(?!\\d)`);
      interactionIds.push(...commands.filter((r) => names.test(r.text)).map((r) => r.id));
      if (interactionIds.length) {
        await trx
          .updateTable('interactions')
          .set({ text: ERASED_TEXT, answer: ERASED_TEXT })
          .where('id', 'in', interactionIds)
          .execute();
      }
      await trx.deleteFrom('knowledge_gaps').where('question', 'in', texts).execute();
      await trx.updateTable('ticket_notes').set({ text: ERASED_TEXT }).where('ticket_no', 'in', nos).execute();
      await trx
        .updateTable('tickets')
        .set({ text: ERASED_TEXT, customer_id: null, customer_name: null, member_tail: null })
        .where('no', 'in', nos)
        .execute();
      await trx
        .updateTable('tickets')
        .set({ resolution: ERASED_TEXT })
        .where('no', 'in', nos)
        .where('resolution', 'is not', null)
        .execute();
      // Replay copies of the reports (already masked; dropped once answered anyway).
      for (const t of tickets) {
        const cut = t.source_key.indexOf(':');
        if (cut < 0) continue;
        await trx
          .updateTable('inbox_events')
          .set({ payload: 'null' })
          .where('channel', '=', t.source_key.slice(0, cut))
          .where('event_id', '=', t.source_key.slice(cut + 1))
          .execute();
      }
      const ticketRefs = await trx.selectFrom('outbox').select('ref').where('kind', '=', 'tickets').execute();
      const ofTickets = new RegExp(`^(?:${nos.join('|')})(?::|$)`);
      await redactOutbox(
        trx,
        'tickets',
        (ref) => ofTickets.test(ref),
        ticketRefs.map((r) => r.ref).filter((ref) => ofTickets.test(ref)),
      );
      await redactOutbox(trx, 'interactions', () => true, interactionIds);
    }
    const customerRefs = Array.from({ length: Number(row.report_count) }, (_, i) => `${id}:${i + 1}`);
    await redactOutbox(trx, 'customers', () => true, customerRefs);
    await trx.deleteFrom('customers').where('id', '=', id).execute();
    await enqueueOutbox(trx, ctx.routes, at, [
      { kind: 'customers', type: 'customer.erased', ref: id, payload: { id, erasedAt: at, tickets: nos } },
    ]);
    return true;
  });
}
