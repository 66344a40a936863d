import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../helpers/test-runtime.js';

export interface WorkerBundle {
  dir: string;
  /** The modules as wrangler would upload them (paths relative to `dir`). */
  modules: { type: 'ESModule' | 'CompiledWasm' | 'Text'; path: string }[];
  compatibilityDate: string;
  compatibilityFlags: string[];
}

/**
 * Builds the Worker exactly as `wrangler deploy` would ([build] compiles knowledge/, then
 * wrangler bundles), with `--dry-run --outdir`, so tests run the bundle that ships.
 */
export async function buildWorkerBundle(): Promise<WorkerBundle> {
  const dir = mkdtempSync(join(tmpdir(), 'daogou-worker-bundle-'));
  await promisify(execFile)('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', dir], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: '1', NO_COLOR: '1' },
    maxBuffer: 16 * 1024 * 1024,
  });
  const modules: WorkerBundle['modules'] = [{ type: 'ESModule', path: 'worker.js' }];
  for (const f of readdirSync(dir)) if (f.endsWith('.wasm')) modules.push({ type: 'CompiledWasm', path: f });
  for (const f of readdirSync(join(dir, 'prompts'))) modules.push({ type: 'Text', path: `prompts/${f}` });
  const toml = readFileSync(join(PROJECT_ROOT, 'wrangler.toml'), 'utf8');
  return {
    dir,
    modules,
    compatibilityDate: /^compatibility_date\s*=\s*"([^"]+)"/m.exec(toml)?.[1] ?? '2026-04-20',
    compatibilityFlags: ['nodejs_compat'],
  };
}
