import { readFile } from 'node:fs/promises';
import { buildPipeline } from './pipeline.js';
import { distinctIds, hitAt } from './ranking.js';

interface Conversation {
  id: string;
  turns: { q: string; expect_ids: string[]; intent: string }[];
}

/** Follow-up turns (every turn after the first) whose top-3 sources hold an expected id (or, for a turn the pack cannot answer, that are declined), one chat per conversation. */
export async function scoreFollowups(
  packDir: string,
  file: string,
): Promise<{ hit: number; total: number; misses: string[] }> {
  const convs = (await readFile(file, 'utf8'))
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Conversation);
  const pipe = await buildPipeline(packDir);
  let hit = 0;
  let total = 0;
  const misses: string[] = [];
  try {
    for (const c of convs) {
      for (const [i, t] of c.turns.entries()) {
        const { reply } = await pipe.ask(t.q, `followup-${c.id}`);
        if (i === 0) continue;
        total++;
        const ids = distinctIds(reply.sources.map((s) => s.id));
        // A turn the pack cannot answer (`expect_ids: []`) is hit by a decline.
        const ok = t.expect_ids.length === 0 ? reply.declined : hitAt(ids, t.expect_ids, 3) && !reply.declined;
        if (ok) hit++;
        else
          misses.push(
            `${c.id}#${i + 1} ${t.q} want [${t.expect_ids.join(',')}] got ${reply.intent}${reply.declined ? ' declined' : ''} [${ids.slice(0, 3).join(',')}]`,
          );
      }
    }
  } finally {
    await pipe.close();
  }
  return { hit, total, misses };
}
