import type { IntelRecord, IntelStore, LeaderboardRow, PointsLedger } from '../../../ports/crm-records.js';
import type { Database } from '../schema.js';
import { type CrmContext, inTransaction, nextNumber } from './crm-context.js';
import { enqueueOutbox, type OutboxEvent } from './enqueue-outbox.js';
import { toIntel } from './rows.js';

const intelEvent = (type: string, intel: IntelRecord): OutboxEvent => ({
  kind: 'intel',
  type,
  ref: String(intel.no),
  payload: { ...intel, event: type },
});

/** Competitor intel on SQL; approving awards the reporter's points in the same transaction. */
export function createSqlIntel(ctx: CrmContext): IntelStore {
  const { db } = ctx;
  const bySource = async (key: string) => {
    const row = await db.selectFrom('intel').selectAll().where('source_key', '=', key).executeTakeFirst();
    return row ? { intel: toIntel(row), created: false } : undefined;
  };
  return {
    async create(input) {
      const existing = await bySource(input.sourceKey);
      if (existing) return existing;
      return inTransaction(
        ctx,
        async (trx) => {
          const row: Database['intel'] = {
            no: await nextNumber(trx, 'intel'),
            source_key: input.sourceKey,
            store_id: input.storeId,
            channel: input.channel,
            chat_id: input.chatId,
            reporter_id: input.reporterId,
            reporter_name: input.reporterName ?? null,
            text: ctx.mask(input.text),
            brand: input.brand ?? null,
            product: input.product ?? null,
            price: input.price ?? null,
            promotion: input.promotion ?? null,
            location: input.location ?? null,
            product_ids: JSON.stringify(input.productIds),
            expires_at: input.expiresAt,
            status: 'pending',
            created_at: input.createdAt,
            decided_at: null,
            decided_by: null,
            reason: null,
            points: 0,
          };
          await trx.insertInto('intel').values(row).execute();
          const intel = toIntel(row);
          await enqueueOutbox(trx, ctx.routes, input.createdAt, [intelEvent('intel.reported', intel)]);
          return { intel, created: true };
        },
        () => bySource(input.sourceKey),
      );
    },
    async get(no) {
      const row = await db.selectFrom('intel').selectAll().where('no', '=', no).executeTakeFirst();
      return row ? toIntel(row) : undefined;
    },
    async list(f) {
      let q = db
        .selectFrom('intel')
        .selectAll()
        .orderBy('no', 'desc')
        .limit(f.limit ?? 200);
      if (f.storeId) q = q.where('store_id', '=', f.storeId);
      if (f.status) q = q.where('status', '=', f.status);
      if (f.activeAt !== undefined) q = q.where('expires_at', '>', f.activeAt);
      return (await q.execute()).map(toIntel);
    },
    async decide(no, input) {
      return db.transaction().execute(async (trx) => {
        const row = await trx.selectFrom('intel').selectAll().where('no', '=', no).executeTakeFirst();
        if (!row) return undefined;
        if (row.status !== 'pending') return { intel: toIntel(row), changed: false };
        const points = input.status === 'approved' ? input.points : 0;
        const reason = input.reason ? ctx.mask(input.reason) : null;
        await trx
          .updateTable('intel')
          .set({ status: input.status, decided_at: input.at, decided_by: input.byId, reason, points })
          .where('no', '=', no)
          .where('status', '=', 'pending')
          .execute();
        const intel = toIntel({
          ...row,
          status: input.status,
          decided_at: input.at,
          decided_by: input.byId,
          reason,
          points,
        });
        const events = [intelEvent(`intel.${input.status}`, intel)];
        if (points > 0) {
          const entry = {
            id: ctx.ids.next('pts_'),
            ref: `intel:${no}`,
            store_id: row.store_id,
            user_id: row.reporter_id,
            user_name: row.reporter_name,
            points,
            reason: `竞品情报 #${no} 被采纳`,
            at: input.at,
          };
          await trx
            .insertInto('points')
            .values(entry)
            .onConflict((oc) => oc.column('ref').doNothing())
            .execute();
          events.push({ kind: 'points', type: 'points.awarded', ref: entry.ref, payload: { ...entry } });
        }
        await enqueueOutbox(trx, ctx.routes, input.at, events);
        return { intel, changed: true };
      });
    },
  };
}

/** The points ledger on SQL. */
export function createSqlPoints(ctx: CrmContext): PointsLedger {
  const { db } = ctx;
  return {
    async leaderboard(storeId, opts = {}) {
      let q = db
        .selectFrom('points')
        .select((eb) => ['user_id', eb.fn.max('user_name').as('user_name'), eb.fn.sum<number>('points').as('total')])
        .where('store_id', '=', storeId)
        .groupBy('user_id')
        .orderBy('total', 'desc')
        .orderBy('user_id')
        .limit(opts.limit ?? 10);
      if (opts.from !== undefined) q = q.where('at', '>=', opts.from);
      const rows = await q.execute();
      return rows.map(
        (r): LeaderboardRow => ({
          userId: r.user_id,
          ...(r.user_name ? { userName: r.user_name } : {}),
          points: Number(r.total),
        }),
      );
    },
    async total(storeId, userId) {
      const row = await db
        .selectFrom('points')
        .select((eb) => eb.fn.sum<number>('points').as('total'))
        .where('store_id', '=', storeId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return Number(row?.total ?? 0);
    },
  };
}
