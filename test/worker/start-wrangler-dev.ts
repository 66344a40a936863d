import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../helpers/test-runtime.js';

export interface WranglerDev {
  url: string;
  /** Everything wrangler and the Worker printed so far. */
  output(): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Runs the documented command, `npx wrangler dev --local --port P --ip 127.0.0.1 --var K:V…`,
 * from the project root (so wrangler's [build] compiles knowledge/), with a fresh local D1.
 * Resolves once wrangler says it is ready.
 */
export async function startWranglerDev(vars: Record<string, string>, timeoutMs = 120_000): Promise<WranglerDev> {
  const port = await freePort();
  const persist = mkdtempSync(join(tmpdir(), 'daogou-wrangler-'));
  const args = ['wrangler', 'dev', '--local', '--port', String(port), '--ip', '127.0.0.1'];
  for (const [k, v] of Object.entries(vars)) args.push('--var', `${k}:${v}`);
  args.push(
    '--persist-to',
    persist,
    '--inspector-port',
    String(await freePort()),
    '--show-interactive-dev-session=false',
  );
  const child: ChildProcess = spawn('npx', args, {
    cwd: PROJECT_ROOT,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: '1', NO_COLOR: '1', FORCE_COLOR: '0' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (b: Buffer) => {
    out += b.toString();
  });
  child.stderr?.on('data', (b: Buffer) => {
    out += b.toString();
  });
  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(-child.pid, 'SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
    }
    rmSync(persist, { recursive: true, force: true });
  };
  const started = Date.now();
  while (!/Ready on http/.test(out)) {
    if (child.exitCode !== null || Date.now() - started > timeoutMs) {
      await stop();
      throw new Error(`wrangler dev did not start (exit ${child.exitCode}):\n${out.slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url: `http://127.0.0.1:${port}`, output: () => out, stop };
}
