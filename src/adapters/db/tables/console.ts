/** Knowledge-loop tables (migration 005-console). Times are epoch ms. */
export interface ConsoleTables {
  faq_hits: { faq_id: string; count: number; last_at: number };
}
