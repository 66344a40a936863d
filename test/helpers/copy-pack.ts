import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_PACK } from './test-runtime.js';

/** A throw-away copy of the demo pack, for tests that write into the pack (curated answers, imports). */
export function copyDemoPack(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'daogou-pack-')), 'knowledge');
  cpSync(DEMO_PACK, dir, { recursive: true });
  return dir;
}
