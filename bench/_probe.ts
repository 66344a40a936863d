import { request } from 'node:http';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDelivery, messageEvent } from '../test/fakes/lark/build-delivery.js';
import { startFakeLark } from '../test/fakes/lark/fake-lark.js';
const fake = await startFakeLark({ appId: 'cli_bench00000000001', appSecret: 'bench-secret' });
const dataDir = mkdtempSync(join(tmpdir(), 'probe-'));
const child = spawn(process.execPath, ['--import', 'tsx', 'bench/lark-ack.ts', '--serve', fake.url, dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
const port: number = await new Promise((r) => child.stdout!.on('data', (b: Buffer) => { const m = /READY (\d+)/.exec(b.toString()); if (m) r(Number(m[1])); }));
const agent = new (await import('node:http')).Agent({ keepAlive: true });
function post(d: { body: string; headers: Record<string, string> }): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = request({ host: '127.0.0.1', port, path: '/webhooks/lark', method: 'POST', headers: d.headers, agent }, (res) => { res.resume(); res.on('end', () => resolve(performance.now() - t0)); });
    req.on('error', reject); req.end(d.body);
  });
}
const rate = Number(process.argv[2] ?? 100); const secs = Number(process.argv[3] ?? 5);
const ds = Array.from({ length: rate * secs }, (_, i) => { fake.seedMessage(`om_${i}`, `oc_${i % 500}`); return buildDelivery(messageEvent({ eventId: `e${i}`, token: 'bench-verification-token', messageId: `om_${i}`, chatId: `oc_${i % 500}`, chatType: 'p2p', senderOpenId: 'ou_u', text: '小蓝罐适合敏感肌吗' }), { encryptKey: 'bench-encrypt-key', timestampSec: Math.floor(Date.now() / 1000) }); });
agent.maxSockets = 50;
const lat: number[] = []; const lag: number[] = [];
const t0 = performance.now(); const ps: Promise<void>[] = [];
for (let i = 0; i < ds.length; i++) {
  const due = t0 + (i * 1000) / rate; const w = due - performance.now(); if (w > 0) await new Promise((r) => setTimeout(r, w));
  lag.push(performance.now() - due);
  ps.push(post(ds[i]!).then((x) => { lat.push(x); }));
}
await Promise.all(ps);
lat.sort((a, b) => a - b); lag.sort((a, b) => a - b);
const p = (a: number[], q: number) => a[Math.floor(q * a.length)]!.toFixed(2);
console.log('lat p50', p(lat, 0.5), 'p90', p(lat, 0.9), 'p99', p(lat, 0.99), 'max', lat.at(-1)!.toFixed(1), '| gen lag p50', p(lag, 0.5), 'p99', p(lag, 0.99));
await new Promise((r) => setTimeout(r, 3000));
child.kill('SIGTERM'); await fake.close(); process.exit(0);
