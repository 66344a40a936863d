import type { Kysely } from 'kysely';
import type { CustomerInput, CustomerProfile, CustomerStore } from '../../../ports/crm-records.js';
import { findPersonNames } from '../../pii/find-person-name.js';
import { findPii, hideAllButLastFourDigits } from '../../pii/find-pii.js';
import type { Database } from '../schema.js';
import type { CrmContext } from './crm-context.js';
import { enqueueOutbox } from './enqueue-outbox.js';
import { eraseCustomer } from './erase-customer.js';
import { hashContact } from './hash-contact.js';
import { toCustomer, toNote, toTicket } from './rows.js';

export { ERASED_TEXT } from './erase-customer.js';

/** Public, masked view of a customer for remote sinks (no hash). */
export function customerPayload(c: CustomerProfile): Record<string, unknown> {
  return { ...c };
}

/** Creates or updates the customer of a report inside the ticket's transaction; tags are merged. */
export async function upsertCustomer(
  ctx: CrmContext,
  trx: Kysely<Database>,
  storeId: string,
  input: CustomerInput & { contact: string },
  at: number,
): Promise<CustomerProfile> {
  const keyHash = hashContact(ctx.salt, input.contact);
  // The stored masked form keeps at most the last four digits, whatever the caller passed.
  const maskedContact = input.maskedContact === undefined ? undefined : hideAllButLastFourDigits(input.maskedContact);
  const row = await trx.selectFrom('customers').selectAll().where('key_hash', '=', keyHash).executeTakeFirst();
  let saved: Database['customers'];
  if (row) {
    const tags = [...new Set([...JSON.parse(row.tags), ...input.tags])];
    saved = {
      ...row,
      tags: JSON.stringify(tags),
      report_count: row.report_count + 1,
      last_seen: at,
      display_name: input.displayName ?? row.display_name,
      masked_contact: maskedContact ?? row.masked_contact,
    };
    await trx
      .updateTable('customers')
      .set({
        tags: saved.tags,
        report_count: saved.report_count,
        last_seen: at,
        display_name: saved.display_name,
        masked_contact: saved.masked_contact,
      })
      .where('id', '=', row.id)
      .execute();
  } else {
    saved = {
      id: ctx.ids.next('cus_'),
      store_id: storeId,
      key_hash: keyHash,
      masked_contact: maskedContact ?? null,
      display_name: input.displayName ?? null,
      tags: JSON.stringify([...new Set(input.tags)]),
      report_count: 1,
      first_seen: at,
      last_seen: at,
    };
    await trx.insertInto('customers').values(saved).execute();
  }
  const profile = toCustomer(saved);
  await enqueueOutbox(trx, ctx.routes, at, [
    {
      kind: 'customers',
      type: 'customer.updated',
      ref: `${profile.id}:${saved.report_count}`,
      payload: customerPayload(profile),
    },
  ]);
  return profile;
}

/** Customers on SQL: lookups by salted contact hash or by a name unique in the store; PIPL export and erase. */
export function createSqlCustomers(ctx: CrmContext): CustomerStore {
  const { db } = ctx;
  const byHash = async (contact: string) => {
    const row = await db
      .selectFrom('customers')
      .selectAll()
      .where('key_hash', '=', hashContact(ctx.salt, contact))
      .executeTakeFirst();
    return row ? toCustomer(row) : undefined;
  };
  return {
    async find(q) {
      if (q.contact) return byHash(q.contact);
      if (!q.text) return undefined;
      for (const m of findPii(q.text)) if (m.kind === 'mobile') return byHash(m.value);
      if (!q.storeId) return undefined;
      for (const { name } of findPersonNames(q.text)) {
        const rows = await db
          .selectFrom('customers')
          .selectAll()
          .where('store_id', '=', q.storeId)
          .where('display_name', '=', name)
          .limit(2)
          .execute();
        if (rows.length === 1 && rows[0]) return toCustomer(rows[0]);
      }
      return undefined;
    },
    async get(id) {
      const row = await db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toCustomer(row) : undefined;
    },
    async export(id) {
      const row = await db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) return undefined;
      const tickets = (
        await db.selectFrom('tickets').selectAll().where('customer_id', '=', id).orderBy('no').execute()
      ).map(toTicket);
      const nos = tickets.map((t) => t.no);
      const notes = nos.length
        ? (await db.selectFrom('ticket_notes').selectAll().where('ticket_no', 'in', nos).orderBy('at').execute()).map(
            toNote,
          )
        : [];
      return { customer: toCustomer(row), tickets, notes };
    },
    async erase(id, at) {
      const erased = await eraseCustomer(ctx, id, at);
      // SQLite: push the redacted pages through the WAL so no old copy is left in it.
      if (erased) await ctx.afterErase?.();
      return erased;
    },
  };
}
