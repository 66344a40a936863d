import { type Kysely, sql } from 'kysely';
import type { CuratedAnswerStats } from '../../ports/curated-stats.js';
import type { Database } from './schema.js';

/** Curated-answer use counts in `faq_hits`; one atomic upsert per use, safe across instances. */
export function createSqlCuratedStats(db: Kysely<Database>): CuratedAnswerStats {
  return {
    async record(faqId, at) {
      await db
        .insertInto('faq_hits')
        .values({ faq_id: faqId, count: 1, last_at: at })
        .onConflict((oc) =>
          oc.column('faq_id').doUpdateSet({
            count: sql`faq_hits.count + 1`,
            last_at: sql`CASE WHEN faq_hits.last_at > ${at} THEN faq_hits.last_at ELSE ${at} END`,
          }),
        )
        .execute();
    },
    async counts() {
      const rows = await db.selectFrom('faq_hits').selectAll().execute();
      return new Map(rows.map((r) => [r.faq_id, { count: Number(r.count), lastAt: Number(r.last_at) }]));
    },
  };
}
