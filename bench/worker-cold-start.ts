import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildWorkerBundle } from '../test/worker/build-worker-bundle.js';
import { WORKER_QUESTIONS } from '../test/worker/questions.js';
import { startMiniflare } from '../test/worker/start-miniflare.js';

/**
 * Cold start and latency of the Worker bundle in workerd (Miniflare, local D1), on the
 * project's knowledge/: N fresh isolates, each timed from the first request to its answer,
 * with the Worker's own stage timings, then warm /api/chat latency on the last one.
 * Run: npx tsx bench/worker-cold-start.ts [isolates=5]
 */
const runs = Number(process.argv[2] ?? 5);
const t0 = performance.now();
const bundle = await buildWorkerBundle();
const persist = mkdtempSync(join(tmpdir(), 'daogou-bench-d1-'));
process.stdout.write(`bundle built in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? 0;
const cold: number[] = [];
const stages: Record<string, number[]> = {};
let last: Awaited<ReturnType<typeof startMiniflare>> | undefined;
for (let i = 0; i < runs; i++) {
  await last?.dispose();
  // One D1 for all isolates: the first migrates it, the others start on a migrated database.
  const w = await startMiniflare(bundle, { ADMIN_TOKEN: 'bench', PII_SALT: 'bench' }, persist);
  const t = performance.now();
  const res = await w.fetch('/health');
  cold.push(performance.now() - t);
  if (res.status !== 200) throw new Error(`cold /health answered ${res.status}`);
  await new Promise((r) => setTimeout(r, 100));
  const ready = w.logs().find((l) => l.includes('daogou worker ready'));
  const imported = Number(/"importMs":(\d+)/.exec(w.logs().join('\n'))?.[1] ?? 0);
  const parsed = ready ? JSON.parse(ready) : {};
  const s = {
    import: imported,
    ...parsed.startupMs,
    'd1 queries': parsed.d1Queries?.total ?? 0,
  } as Record<string, number>;
  for (const [k, v] of Object.entries(s)) {
    stages[k] = [...(stages[k] ?? []), v];
  }
  last = w;
}
const warm: number[] = [];
for (let round = 0; round < 3; round++) {
  for (const [i, q] of WORKER_QUESTIONS.entries()) {
    const t = performance.now();
    const res = await last!.fetch('/api/chat', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: `bench-${round}-${i}`, text: q }),
    });
    await res.json();
    warm.push(performance.now() - t);
  }
}
await last?.dispose();
rmSync(bundle.dir, { recursive: true, force: true });
rmSync(persist, { recursive: true, force: true });
const line = (name: string, xs: number[]) =>
  `${name.padEnd(10)} median ${pct(xs, 0.5).toFixed(0).padStart(5)} ms   max ${Math.max(...xs)
    .toFixed(0)
    .padStart(5)} ms`;
process.stdout.write(
  `cold start, ${runs} fresh isolates, the first on a fresh D1 (first request → answer): first ${cold[0]?.toFixed(0)} ms\n${line('total', cold)}\n`,
);
for (const [k, v] of Object.entries(stages)) {
  const out = line(`  ${k}`, v);
  process.stdout.write(`${k === 'd1 queries' ? out.replaceAll(' ms', '   ') : out}\n`);
}
process.stdout.write(
  `warm /api/chat, ${warm.length} questions:\n${line('latency', warm)}  p95 ${pct(warm, 0.95).toFixed(0)} ms\n`,
);
