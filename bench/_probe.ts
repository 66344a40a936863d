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
const mode = process.argv[2] ?? 'msg';
const lat: number[] = [];
for (let i = 0; i < 60; i++) {
  const payload = mode === 'msg' ? messageEvent({ eventId: `e${i}`, token: 'bench-verification-token', messageId: `om_${i}`, chatId: `oc_${i}`, chatType: 'p2p', senderOpenId: 'ou_u', text: '小蓝罐适合敏感肌吗' })
   : { schema: '2.0', header: { event_id: `u${i}`, event_type: 'x.y', token: 'bench-verification-token' }, event: {} };
  fake.seedMessage(`om_${i}`, `oc_${i}`);
  lat.push(await post(buildDelivery(payload, { encryptKey: 'bench-encrypt-key', timestampSec: Math.floor(Date.now() / 1000) })));
  await new Promise((r) => setTimeout(r, 50));
}
console.log(mode, lat.map((x) => x.toFixed(1)).join(' '));
child.kill('SIGTERM'); await fake.close(); process.exit(0);
