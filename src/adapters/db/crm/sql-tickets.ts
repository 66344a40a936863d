import type { Kysely } from 'kysely';
import type { CustomerProfile, Ticket, TicketStore } from '../../../ports/crm-records.js';
import type { Database } from '../schema.js';
import { type CrmContext, inTransaction, nextNumber } from './crm-context.js';
import { enqueueOutbox } from './enqueue-outbox.js';
import { toCustomer, toNote, toTicket } from './rows.js';
import { upsertCustomer } from './sql-customers.js';

const ticketEvent = (type: string, ref: string, ticket: Ticket, extra: Record<string, unknown> = {}) => ({
  kind: 'tickets' as const,
  type,
  ref,
  payload: { ...ticket, event: type, ...extra },
});

/** Feedback tickets on SQL; numbers come from the `counters` table, so they are unique across instances. */
export function createSqlTickets(ctx: CrmContext): TicketStore {
  const { db } = ctx;
  const load = async (q: Kysely<Database>, no: number) => {
    const row = await q.selectFrom('tickets').selectAll().where('no', '=', no).executeTakeFirst();
    return row ? toTicket(row) : undefined;
  };
  const bySource = async (sourceKey: string) => {
    const row = await db.selectFrom('tickets').selectAll().where('source_key', '=', sourceKey).executeTakeFirst();
    if (!row) return undefined;
    const ticket = toTicket(row);
    const cust = row.customer_id
      ? await db.selectFrom('customers').selectAll().where('id', '=', row.customer_id).executeTakeFirst()
      : undefined;
    return { ticket, ...(cust ? { customer: toCustomer(cust) } : {}), created: false };
  };

  return {
    async create(input) {
      const existing = await bySource(input.sourceKey);
      if (existing) return existing;
      return inTransaction(
        ctx,
        async (trx) => {
          let customer: CustomerProfile | undefined;
          if (input.customer?.contact) {
            customer = await upsertCustomer(
              ctx,
              trx,
              input.storeId,
              { ...input.customer, contact: input.customer.contact },
              input.at,
            );
          }
          const row: Database['tickets'] = {
            no: await nextNumber(trx, 'ticket'),
            source_key: input.sourceKey,
            store_id: input.storeId,
            channel: input.channel,
            chat_id: input.chatId,
            reporter_id: input.reporterId,
            reporter_name: input.reporterName ?? null,
            customer_id: customer?.id ?? null,
            customer_name: input.customerName ?? input.customer?.displayName ?? null,
            member_tail: input.memberTail ?? null,
            products: JSON.stringify(input.products),
            playbook_id: input.playbookId ?? null,
            category: input.category,
            severity: input.severity,
            sentiment: input.sentiment,
            text: ctx.mask(input.text),
            status: 'open',
            created_at: input.at,
            first_due: input.firstDue,
            plan_due: input.planDue ?? null,
            first_response_at: null,
            plan_at: null,
            closed_at: null,
            closed_by: null,
            resolution: null,
            escalated_at: null,
          };
          await trx.insertInto('tickets').values(row).execute();
          const ticket = toTicket(row);
          await enqueueOutbox(trx, ctx.routes, input.at, [ticketEvent('ticket.created', String(ticket.no), ticket)]);
          return { ticket, ...(customer ? { customer } : {}), created: true };
        },
        () => bySource(input.sourceKey),
      );
    },
    get: (no) => load(db, no),
    async list(f) {
      let q = db
        .selectFrom('tickets')
        .selectAll()
        .orderBy('no', 'desc')
        .limit(f.limit ?? 200);
      if (f.storeId) q = q.where('store_id', '=', f.storeId);
      if (f.reporterId) q = q.where('reporter_id', '=', f.reporterId);
      if (f.customerId) q = q.where('customer_id', '=', f.customerId);
      if (f.status) q = q.where('status', '=', f.status);
      if (f.from !== undefined) q = q.where('created_at', '>=', f.from);
      if (f.to !== undefined) q = q.where('created_at', '<', f.to);
      return (await q.execute()).map(toTicket);
    },
    async addNote(no, note) {
      return db.transaction().execute(async (trx) => {
        const before = await load(trx, no);
        if (!before) return undefined;
        const id = ctx.ids.next('note_');
        const text = ctx.mask(note.text);
        await trx
          .insertInto('ticket_notes')
          .values({
            id,
            ticket_no: no,
            at: note.at,
            by_id: note.byId,
            by_name: note.byName ?? null,
            kind: note.kind,
            text,
          })
          .execute();
        await trx
          .updateTable('tickets')
          .set({
            first_response_at: before.firstResponseAt ?? note.at,
            plan_at: note.kind === 'plan' ? (before.planAt ?? note.at) : (before.planAt ?? null),
          })
          .where('no', '=', no)
          .execute();
        const ticket = (await load(trx, no)) as Ticket;
        await enqueueOutbox(trx, ctx.routes, note.at, [
          ticketEvent('ticket.noted', `${no}:${id}`, ticket, { note: { id, kind: note.kind, text, byId: note.byId } }),
        ]);
        return ticket;
      });
    },
    async close(no, input) {
      return db.transaction().execute(async (trx) => {
        const before = await load(trx, no);
        if (!before) return undefined;
        if (before.status === 'closed') return before;
        const resolution = ctx.mask(input.resolution);
        await trx
          .updateTable('tickets')
          .set({
            status: 'closed',
            closed_at: input.at,
            closed_by: input.byId,
            resolution,
            first_response_at: before.firstResponseAt ?? input.at,
            plan_at: before.planDue !== undefined ? (before.planAt ?? input.at) : null,
          })
          .where('no', '=', no)
          .execute();
        await trx
          .insertInto('ticket_notes')
          .values({
            id: ctx.ids.next('note_'),
            ticket_no: no,
            at: input.at,
            by_id: input.byId,
            by_name: input.byName ?? null,
            kind: 'close',
            text: resolution,
          })
          .execute();
        const ticket = (await load(trx, no)) as Ticket;
        await enqueueOutbox(trx, ctx.routes, input.at, [ticketEvent('ticket.closed', String(no), ticket)]);
        return ticket;
      });
    },
    async markEscalated(no, at, text) {
      await db.transaction().execute(async (trx) => {
        const before = await load(trx, no);
        if (!before) return;
        await trx
          .updateTable('tickets')
          .set({ escalated_at: before.escalatedAt ?? at })
          .where('no', '=', no)
          .execute();
        const id = ctx.ids.next('note_');
        await trx
          .insertInto('ticket_notes')
          .values({ id, ticket_no: no, at, by_id: 'system', by_name: '系统', kind: 'escalation', text })
          .execute();
        const ticket = (await load(trx, no)) as Ticket;
        await enqueueOutbox(trx, ctx.routes, at, [ticketEvent('ticket.escalated', `${no}:${id}`, ticket)]);
      });
    },
    async notes(no) {
      const rows = await db.selectFrom('ticket_notes').selectAll().where('ticket_no', '=', no).orderBy('at').execute();
      return rows.map(toNote);
    },
  };
}
