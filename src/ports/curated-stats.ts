/** How often each curated answer (`faq` document) answered a question. */
export interface CuratedAnswerStats {
  /** Counts one use of a curated answer. */
  record(faqId: string, at: number): Promise<void>;
  /** Uses per curated answer id (ids never used are absent). */
  counts(): Promise<Map<string, { count: number; lastAt: number }>>;
}

/** The in-memory twin; also the test fake. */
export function createMemoryCuratedStats(): CuratedAnswerStats {
  const map = new Map<string, { count: number; lastAt: number }>();
  return {
    async record(faqId, at) {
      const prev = map.get(faqId);
      map.set(faqId, { count: (prev?.count ?? 0) + 1, lastAt: Math.max(at, prev?.lastAt ?? 0) });
    },
    async counts() {
      return new Map(map);
    },
  };
}
