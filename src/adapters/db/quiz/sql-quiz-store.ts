import type { Kysely } from 'kysely';
import type { ChannelName } from '../../../core/message.js';
import type { GrowthScore, QuizRecord, QuizStore, Skill } from '../../../ports/quiz-store.js';
import type { Database } from '../schema.js';

type QuizRow = Database['quizzes'];

function toQuiz(r: QuizRow): QuizRecord {
  return {
    id: r.id,
    productId: r.product_id,
    storeId: r.store_id,
    channel: r.channel as ChannelName,
    chatIds: JSON.parse(r.chat_ids),
    ...(r.report_to ? { reportTo: r.report_to } : {}),
    createdBy: r.created_by,
    title: r.title,
    questions: JSON.parse(r.questions),
    card: JSON.parse(r.card),
    passScore: r.pass_score,
    createdAt: Number(r.created_at),
    deadline: Number(r.deadline),
    status: r.status as QuizRecord['status'],
  };
}

const inserted = (r: { numInsertedOrUpdatedRows?: bigint } | undefined) => Number(r?.numInsertedOrUpdatedRows ?? 0) > 0;

/** The QuizStore on SQLite or PostgreSQL; every "once" is a primary key plus ON CONFLICT DO NOTHING. */
export function createSqlQuizStore(db: Kysely<Database>): QuizStore {
  return {
    async create(q) {
      await db
        .insertInto('quizzes')
        .values({
          id: q.id,
          product_id: q.productId,
          store_id: q.storeId,
          channel: q.channel,
          chat_ids: JSON.stringify(q.chatIds),
          report_to: q.reportTo ?? null,
          created_by: q.createdBy,
          title: q.title,
          questions: JSON.stringify(q.questions),
          card: JSON.stringify(q.card),
          pass_score: q.passScore,
          created_at: q.createdAt,
          deadline: q.deadline,
          status: q.status,
        })
        .execute();
    },
    async get(id) {
      const r = await db.selectFrom('quizzes').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? toQuiz(r) : undefined;
    },
    async list(f) {
      let q = db
        .selectFrom('quizzes')
        .selectAll()
        .orderBy('created_at', 'desc')
        .limit(f.limit ?? 500);
      if (f.storeId) q = q.where('store_id', '=', f.storeId);
      if (f.since !== undefined) q = q.where('created_at', '>=', f.since);
      return (await q.execute()).map(toQuiz);
    },
    async openFor(channel, chatId, userId, opts) {
      const since = opts?.closedSince;
      const rows = await db
        .selectFrom('quizzes')
        .selectAll()
        .where((eb) =>
          since === undefined
            ? eb('status', '=', 'open')
            : eb.or([eb('status', '=', 'open'), eb('deadline', '>=', since)]),
        )
        .where('channel', '=', channel)
        .orderBy('created_at', 'desc')
        .execute();
      const mine = new Set(
        (await db.selectFrom('quiz_participants').select('quiz_id').where('user_id', '=', userId).execute()).map(
          (r) => r.quiz_id,
        ),
      );
      return rows.map(toQuiz).filter((q) => q.chatIds.includes(chatId) || mine.has(q.id));
    },
    async close(id) {
      await db.updateTable('quizzes').set({ status: 'closed' }).where('id', '=', id).execute();
    },
    async addParticipants(list) {
      if (!list.length) return;
      await db
        .insertInto('quiz_participants')
        .values(list.map((p) => ({ quiz_id: p.quizId, user_id: p.userId, chat_id: p.chatId, name: p.name ?? null })))
        .onConflict((oc) => oc.columns(['quiz_id', 'user_id']).doNothing())
        .execute();
    },
    async participants(quizId) {
      const rows = await db.selectFrom('quiz_participants').selectAll().where('quiz_id', '=', quizId).execute();
      return rows.map((r) => ({ quizId, userId: r.user_id, chatId: r.chat_id, ...(r.name ? { name: r.name } : {}) }));
    },
    async addAnswer(a) {
      const r = await db
        .insertInto('quiz_answers')
        .values({
          quiz_id: a.quizId,
          user_id: a.userId,
          q_index: a.qIndex,
          option: a.option,
          correct: a.correct ? 1 : 0,
          at: a.at,
        })
        .onConflict((oc) => oc.columns(['quiz_id', 'user_id', 'q_index']).doNothing())
        .executeTakeFirst();
      return inserted(r);
    },
    async answers(quizId, userId) {
      let q = db.selectFrom('quiz_answers').selectAll().where('quiz_id', '=', quizId);
      if (userId) q = q.where('user_id', '=', userId);
      const rows = await q.orderBy('q_index').execute();
      return rows.map((r) => ({
        quizId,
        userId: r.user_id,
        qIndex: r.q_index,
        option: r.option,
        correct: r.correct === 1,
        at: Number(r.at),
      }));
    },
    async addResult(x) {
      const r = await db
        .insertInto('quiz_results')
        .values({
          quiz_id: x.quizId,
          user_id: x.userId,
          chat_id: x.chatId,
          score: x.score,
          correct: x.correct,
          total: x.total,
          passed: x.passed ? 1 : 0,
          at: x.at,
        })
        .onConflict((oc) => oc.columns(['quiz_id', 'user_id']).doNothing())
        .executeTakeFirst();
      return inserted(r);
    },
    async results(quizId) {
      const rows = await db.selectFrom('quiz_results').selectAll().where('quiz_id', '=', quizId).execute();
      return rows.map((r) => ({
        quizId,
        userId: r.user_id,
        chatId: r.chat_id,
        score: r.score,
        correct: r.correct,
        total: r.total,
        passed: r.passed === 1,
        at: Number(r.at),
      }));
    },
    async markDelivered(key, quizId, at) {
      const r = await db
        .insertInto('quiz_deliveries')
        .values({ key, quiz_id: quizId, at })
        .onConflict((oc) => oc.column('key').doNothing())
        .executeTakeFirst();
      return inserted(r);
    },
    async delivered(key) {
      return Boolean(await db.selectFrom('quiz_deliveries').select('key').where('key', '=', key).executeTakeFirst());
    },
    async addGrowth(s: GrowthScore) {
      const r = await db
        .insertInto('growth_scores')
        .values({
          ref: s.ref,
          user_id: s.userId,
          skill: s.skill,
          channel: s.channel,
          store_id: s.storeId,
          score: s.score,
          at: s.at,
        })
        .onConflict((oc) => oc.columns(['ref', 'user_id', 'skill']).doNothing())
        .executeTakeFirst();
      return inserted(r);
    },
    async allGrowth(f) {
      let q = db.selectFrom('growth_scores').selectAll().orderBy('at').orderBy('ref').limit(50_000);
      if (f.storeId) q = q.where('store_id', '=', f.storeId);
      return (await q.execute()).map((r) => ({
        userId: r.user_id,
        channel: r.channel as ChannelName,
        storeId: r.store_id,
        skill: r.skill as Skill,
        score: r.score,
        ref: r.ref,
        at: Number(r.at),
      }));
    },
    async growth(userId) {
      const rows = await db
        .selectFrom('growth_scores')
        .selectAll()
        .where('user_id', '=', userId)
        .orderBy('at')
        .orderBy('ref')
        .execute();
      return rows.map((r) => ({
        userId,
        channel: r.channel as ChannelName,
        storeId: r.store_id,
        skill: r.skill as Skill,
        score: r.score,
        ref: r.ref,
        at: Number(r.at),
      }));
    },
  };
}
