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

/** The packs under `root`: each folder holding `pack/` and `questions.jsonl` (and maybe `followups.jsonl`). */
function packFolders(root: string, role: PackRole): BenchPack[] {
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .sort()
    .map((name) => ({ name, dir: join(root, name) }))
    .filter(({ dir }) => existsSync(join(dir, 'questions.jsonl')) && existsSync(join(dir, 'pack')))
    .map(({ name, dir }) => ({
      name,
      role,
      packDir: join(dir, 'pack'),
      questionsFile: join(dir, 'questions.jsonl'),
      followupsFile: join(dir, 'followups.jsonl'),
    }));
}

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
  list.push(...packFolders(join(benchDir, 'packs'), 'fit'));
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
    list.push(...packFolders(holdoutRoot, 'holdout'));
  }
  return list
    .filter((p) => existsSync(p.questionsFile))
    .map((p) => (p.followupsFile && !existsSync(p.followupsFile) ? { ...p, followupsFile: undefined } : p));
}
