import type { Kysely } from 'kysely';
import type { ChannelName } from '../../core/message.js';
import type { Intent } from '../../core/reply.js';
import type { Crm, InteractionRecord, KnowledgeGap } from '../../ports/crm.js';
import type { Database } from './schema.js';

/** The CRM on SQLite or PostgreSQL through one Kysely code path. */
export function createSqlCrm(db: Kysely<Database>): Crm {
  return {
    async logInteraction(r) {
      await db
        .insertInto('interactions')
        .values({
          id: r.id,
          at: r.at,
          kind: r.kind,
          channel: r.channel,
          store_id: r.storeId,
          user_id: r.userId,
          chat_id: r.chatId,
          text: r.text,
          intent: r.intent,
          products: JSON.stringify(r.products),
          sources: JSON.stringify(r.sources),
          mode: r.mode,
          declined: r.declined ? 1 : 0,
          latency_ms: Math.round(r.latencyMs),
          answer: r.answer,
          reply_id: r.replyId ?? null,
          vote: r.vote ?? null,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
    },
    async recordGap(g) {
      await db
        .insertInto('knowledge_gaps')
        .values({
          id: g.id,
          at: g.at,
          channel: g.channel,
          store_id: g.storeId,
          user_id: g.userId,
          question: g.question,
          intent: g.intent,
          products: JSON.stringify(g.products),
          reason: g.reason,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
    },
    async listInteractions(f) {
      let q = db.selectFrom('interactions').selectAll().orderBy('at', 'desc').limit(f.limit ?? 1000);
      if (f.from !== undefined) q = q.where('at', '>=', f.from);
      if (f.to !== undefined) q = q.where('at', '<', f.to);
      if (f.userId) q = q.where('user_id', '=', f.userId);
      const rows = await q.execute();
      return rows.map(
        (r): InteractionRecord => ({
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
        }),
      );
    },
    async listGaps(f) {
      let q = db.selectFrom('knowledge_gaps').selectAll().orderBy('at', 'desc').limit(f.limit ?? 1000);
      if (f.from !== undefined) q = q.where('at', '>=', f.from);
      if (f.to !== undefined) q = q.where('at', '<', f.to);
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
  };
}
