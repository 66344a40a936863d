import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ChannelName } from '../../core/message.js';
import type { Intent } from '../../core/reply.js';
import type { Crm, InteractionRecord, KnowledgeGap } from '../../ports/crm.js';
import { type Ids, randomIds } from '../../ports/ids.js';
import type { PiiMasker } from '../../ports/pii.js';
import { maskPii } from '../pii/find-pii.js';
import type { CrmContext } from './crm/crm-context.js';
import { enqueueOutbox, type OutboxRoute } from './crm/enqueue-outbox.js';
import { createGroupCommit } from './crm/group-commit.js';
import { createSqlCustomers } from './crm/sql-customers.js';
import { createSqlIntel, createSqlPoints } from './crm/sql-intel.js';
import { createSqlTickets } from './crm/sql-tickets.js';
import type { Database } from './schema.js';

export type { OutboxRoute } from './crm/enqueue-outbox.js';

export interface SqlCrmOptions {
  /**
   * Key of the contact hash (PII_SALT or the generated DATA_DIR/pii-secret, see
   * loadPiiSecret). Without one, a random key for this process only: nothing public.
   */
  piiSalt?: string;
  /** Masks free text before it is stored; the built-in masker by default. */
  masker?: PiiMasker;
  /** Remote sinks that get an outbox row (same transaction) for the record kinds they accept. */
  outbox?: readonly OutboxRoute[];
  ids?: Ids;
  /** Runs after a PIPL erase commits; wire `Db.scrub` so the engine keeps no old copy. */
  afterErase?: () => Promise<void>;
  /**
   * Where interaction logs (and their outbox rows) are written; `Db.logDb` on PostgreSQL,
   * whose commits do not wait for the WAL flush. Everything else always uses `db`. Default `db`.
   */
  logDb?: Kysely<Database>;
}

function interactionRow(r: InteractionRecord, mask: (t: string) => string): Database['interactions'] {
  return {
    id: r.id,
    at: r.at,
    kind: r.kind,
    channel: r.channel,
    store_id: r.storeId,
    user_id: r.userId,
    chat_id: r.chatId,
    text: mask(r.text),
    intent: r.intent,
    products: JSON.stringify(r.products),
    sources: JSON.stringify(r.sources),
    mode: r.mode,
    declined: r.declined ? 1 : 0,
    latency_ms: Math.round(r.latencyMs),
    answer: mask(r.answer),
    reply_id: r.replyId ?? null,
    vote: r.vote ?? null,
  };
}

/** A stored interaction row as the port's record. */
function toInteraction(r: Database['interactions']): InteractionRecord {
  return {
    id: r.id,
    at: Number(r.at),
    kind: r.kind as InteractionRecord['kind'],
    channel: r.channel as ChannelName,
    storeId: r.store_id,
    userId: r.user_id,
    chatId: r.chat_id,
    text: r.text,
    intent: r.intent as Intent,
    products: JSON.parse(r.products),
    sources: JSON.parse(r.sources),
    mode: r.mode as InteractionRecord['mode'],
    declined: Boolean(r.declined),
    latencyMs: r.latency_ms,
    answer: r.answer,
    ...(r.reply_id ? { replyId: r.reply_id } : {}),
    ...(r.vote ? { vote: r.vote as 'up' | 'down' } : {}),
  };
}

/** The CRM on SQLite or PostgreSQL (and later D1) through one Kysely code path. */
export function createSqlCrm(db: Kysely<Database>, opts: SqlCrmOptions = {}): Crm {
  const ctx: CrmContext = {
    db,
    ids: opts.ids ?? randomIds,
    salt: opts.piiSalt ?? randomBytes(32).toString('hex'),
    mask: opts.masker ? (t) => opts.masker!.mask(t) : maskPii,
    routes: opts.outbox ?? [],
    ...(opts.afterErase ? { afterErase: opts.afterErase } : {}),
  };
  const routed = (kind: 'interactions' | 'gaps') => ctx.routes.some((r) => r.accepts(kind));
  // The hot path: concurrent interactions share one transaction (group commit).
  const writeInteraction = createGroupCommit<InteractionRecord>(async (records) => {
    const rows = records.map((r) => interactionRow(r, ctx.mask));
    const insert = (q: Kysely<Database>) =>
      q
        .insertInto('interactions')
        .values(rows)
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
    const logDb = opts.logDb ?? db;
    if (!routed('interactions')) {
      await insert(logDb);
      return;
    }
    await logDb.transaction().execute(async (trx) => {
      await insert(trx);
      await enqueueOutbox(
        trx,
        ctx.routes,
        Math.max(...records.map((r) => r.at)),
        records.map((r, i) => ({
          kind: 'interactions' as const,
          type: 'interaction.logged',
          ref: r.id,
          payload: { ...r, text: rows[i]?.text, answer: rows[i]?.answer },
        })),
      );
    });
  });

  return {
    logInteraction: (r) => writeInteraction(r),
    async getInteraction(id) {
      const row = await db.selectFrom('interactions').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toInteraction(row) : undefined;
    },
    async recordGap(g) {
      const row: Database['knowledge_gaps'] = {
        id: g.id,
        at: g.at,
        channel: g.channel,
        store_id: g.storeId,
        user_id: g.userId,
        question: ctx.mask(g.question),
        intent: g.intent,
        products: JSON.stringify(g.products),
        reason: g.reason,
      };
      const insert = (q: Kysely<Database>) =>
        q
          .insertInto('knowledge_gaps')
          .values(row)
          .onConflict((oc) => oc.column('id').doNothing())
          .execute();
      if (!routed('gaps')) {
        await insert(db);
        return;
      }
      await db.transaction().execute(async (trx) => {
        await insert(trx);
        await enqueueOutbox(trx, ctx.routes, g.at, [
          { kind: 'gaps', type: 'gap.recorded', ref: g.id, payload: { ...g, question: row.question } },
        ]);
      });
    },
    async listInteractions(f) {
      let q = db
        .selectFrom('interactions')
        .selectAll()
        .orderBy('at', 'desc')
        .limit(f.limit ?? 1000);
      if (f.from !== undefined) q = q.where('at', '>=', f.from);
      if (f.to !== undefined) q = q.where('at', '<', f.to);
      if (f.userId) q = q.where('user_id', '=', f.userId);
      if (f.storeId) q = q.where('store_id', '=', f.storeId);
      const rows = await q.execute();
      return rows.map(toInteraction);
    },
    async listGaps(f) {
      let q = db
        .selectFrom('knowledge_gaps')
        .selectAll()
        .orderBy('at', 'desc')
        .limit(f.limit ?? 1000);
      if (f.from !== undefined) q = q.where('at', '>=', f.from);
      if (f.to !== undefined) q = q.where('at', '<', f.to);
      if (f.storeId) q = q.where('store_id', '=', f.storeId);
      const rows = await q.execute();
      return rows.map(
        (r): KnowledgeGap => ({
          id: r.id,
          at: Number(r.at),
          channel: r.channel as ChannelName,
          storeId: r.store_id,
          userId: r.user_id,
          question: r.question,
          intent: r.intent as Intent,
          products: JSON.parse(r.products),
          reason: r.reason,
        }),
      );
    },
    tickets: createSqlTickets(ctx),
    customers: createSqlCustomers(ctx),
    intel: createSqlIntel(ctx),
    points: createSqlPoints(ctx),
  };
}
