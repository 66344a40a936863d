import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { evalDir, projectRoot } from './eval-paths.js';

/**
 * Where a pack's questions may be used:
 * - `public`: the two packs in `../shared/eval` (fit on them, report each held out);
 * - `fit`: packs written for this project in other verticals (`bench/packs/<name>/`), used like
 *   the public ones: fit on them and report each one left out;
 * - `holdout`: measured once at the end, never fit on and its misses never read (`bench/holdout/`).
 */
export type PackRole = 'public' | 'fit' | 'holdout';

export interface BenchPack {
  name: string;
  role: PackRole;
  packDir: string;
  questionsFile: string;
  followupsFile?: string | undefined;
}

const benchDir = join(projectRoot, 'bench');

/** Every pack with questions the bench can find, public first, then fit packs, then (on request) held-out ones. */
export function benchPacks(opts: { holdout?: boolean } = {}): BenchPack[] {
  const root = evalDir();
  const list: BenchPack[] = [
    {
      name: 'dev',
      role: 'public',
      packDir: join(root, 'dev-pack'),
      questionsFile: join(root, 'dev-questions.jsonl'),
      followupsFile: join(benchDir, 'data', 'followups-dev.jsonl'),
    },
    {
      name: 'b',
      role: 'public',
      packDir: join(root, 'pack-b'),
      questionsFile: join(root, 'pack-b-questions.jsonl'),
      followupsFile: join(benchDir, 'data', 'followups-b.jsonl'),
    },
  ];
  const fitRoot = join(benchDir, 'packs');
  if (existsSync(fitRoot)) {
    for (const name of readdirSync(fitRoot).sort()) {
      const dir = join(fitRoot, name);
      if (!existsSync(join(dir, 'questions.jsonl')) || !existsSync(join(dir, 'pack'))) continue;
      list.push({
        name,
        role: 'fit',
        packDir: join(dir, 'pack'),
        questionsFile: join(dir, 'questions.jsonl'),
        followupsFile: join(dir, 'followups.jsonl'),
      });
    }
  }
  if (opts.holdout) {
    const holdoutRoot = join(benchDir, 'holdout');
    list.push({
      name: 'pet',
      role: 'holdout',
      packDir: join(holdoutRoot, 'pet-pack'),
      questionsFile: join(holdoutRoot, 'pet-questions.jsonl'),
      followupsFile: join(holdoutRoot, 'pet-followups.jsonl'),
    });
    // Later held-out packs: one folder each, laid out like the fit packs.
    for (const name of existsSync(holdoutRoot) ? readdirSync(holdoutRoot).sort() : []) {
      const dir = join(holdoutRoot, name);
      if (!existsSync(join(dir, 'questions.jsonl')) || !existsSync(join(dir, 'pack'))) continue;
      list.push({
        name,
        role: 'holdout',
        packDir: join(dir, 'pack'),
        questionsFile: join(dir, 'questions.jsonl'),
        followupsFile: join(dir, 'followups.jsonl'),
      });
    }
  }
  return list
    .filter((p) => existsSync(p.questionsFile))
    .map((p) => (p.followupsFile && !existsSync(p.followupsFile) ? { ...p, followupsFile: undefined } : p));
}
