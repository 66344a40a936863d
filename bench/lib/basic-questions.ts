import type { ProductDoc } from '../../src/ports/knowledge.js';
import { buildPipeline } from './pipeline.js';

/** The basic asks about any product (issue #9), phrased as an associate would, per product name. */
const TEMPLATES = ['{}有什么卖点', '{}适合谁', '{}多少钱', '{}怎么用', '{}保修多久'];

/** Share of basic questions about every product answered (not declined) with that product as the first source. */
export async function scoreBasicQuestions(packDir: string): Promise<{ ok: number; total: number }> {
  const pipe = await buildPipeline(packDir);
  try {
    let ok = 0;
    let total = 0;
    for (const p of pipe.app.knowledge.kb.products() as ProductDoc[]) {
      const name = p.aliases[0] ?? p.name;
      for (const t of TEMPLATES) {
        total++;
        const { reply } = await pipe.ask(t.replace('{}', name));
        if (!reply.declined && reply.sources[0]?.id === p.id) ok++;
      }
    }
    return { ok, total };
  } finally {
    await pipe.close();
  }
}
