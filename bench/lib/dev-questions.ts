import { readFile } from 'node:fs/promises';

/** One dev question (see ../shared/eval/README.md). */
export interface DevQuestion {
  id: string;
  q: string;
  intent: string;
  /** Any of these among the first sources is a hit; empty = the bot must decline. */
  expectIds: string[];
  expectProduct?: string;
}

/** Reads `dev-questions.jsonl`, one JSON object a line. */
export async function readDevQuestions(file: string): Promise<DevQuestion[]> {
  const text = await readFile(file, 'utf8');
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      const o = JSON.parse(l) as {
        id: string;
        q: string;
        intent: string;
        expect_ids?: string[];
        expect_product?: string;
      };
      return {
        id: o.id,
        q: o.q,
        intent: o.intent,
        expectIds: o.expect_ids ?? [],
        ...(o.expect_product ? { expectProduct: o.expect_product } : {}),
      };
    });
}

export const isAnswerable = (q: DevQuestion): boolean => q.expectIds.length > 0;
