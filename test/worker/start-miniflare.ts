import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { Kysely } from 'kysely';
import { Miniflare } from 'miniflare';
import { D1Dialect, type D1Like } from '../../src/adapters/db/d1-dialect.js';
import type { Database } from '../../src/adapters/db/schema.js';
import type { WorkerBundle } from './build-worker-bundle.js';

export interface WorkerUnderTest {
  mf: Miniflare;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** Fires the cron trigger and resolves when the handler (and its waitUntil work) is done. */
  scheduled(): Promise<void>;
  /** The Worker's own D1 database, opened from Node through the same Kysely dialect. */
  db(): Promise<Kysely<Database>>;
  /** Lines the Worker wrote to the console. */
  logs(): string[];
  dispose(): Promise<void>;
}

/** Runs the built Worker in workerd through Miniflare, with an in-memory D1 bound as DB. */
export async function startMiniflare(
  bundle: WorkerBundle,
  bindings: Record<string, string>,
  /** A folder to keep D1 in across restarts (a new isolate on the same database); in memory without. */
  d1Persist?: string,
): Promise<WorkerUnderTest> {
  const lines: string[] = [];
  const mf = new Miniflare({
    modulesRoot: bundle.dir,
    modules: bundle.modules.map((m) => ({ type: m.type, path: join(bundle.dir, m.path) })),
    compatibilityDate: bundle.compatibilityDate,
    compatibilityFlags: bundle.compatibilityFlags,
    d1Databases: ['DB'],
    ...(d1Persist ? { d1Persist } : {}),
    bindings,
    cf: false,
    handleRuntimeStdio(stdout: Readable, stderr: Readable) {
      for (const s of [stdout, stderr]) {
        s.on('data', (b: Buffer) => lines.push(...b.toString().split('\n').filter(Boolean)));
      }
    },
  });
  await mf.ready;
  return {
    mf,
    fetch: async (path, init) =>
      (await mf.dispatchFetch(`http://daogou.test${path}`, init as never)) as unknown as Response,
    async scheduled() {
      const worker = await mf.getWorker();
      await worker.scheduled({ cron: '* * * * *' });
    },
    async db() {
      const d1 = await mf.getD1Database('DB');
      return new Kysely<Database>({ dialect: new D1Dialect(d1 as unknown as D1Like) });
    },
    logs: () => lines,
    dispose: () => mf.dispose(),
  };
}
