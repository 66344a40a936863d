/**
 * The load balancer of bench/scale.ts, run as a child process (IPC):
 *
 *   node --import tsx bench/lib/round-robin-proxy.ts
 *
 * Round-robin over the instances the parent announces (`{ upstreams: (port | null)[] }`),
 * keep-alive upstream connections, and what nginx does with `proxy_next_upstream error
 * non_idempotent` plus passive health checks: a connection error sends the request to the
 * next instance, and a refused connection marks the instance down for a second. (Retrying a POST is safe here because
 * the webhook dedupes.) Every response says which instance answered (`x-bench-upstream`);
 * a request with `x-bench-avoid: <i>` skips instance i while another is up, which is how
 * the bench sends a Lark re-push to a different instance than the first delivery.
 * Prints `READY <port>`.
 */
import { Agent, createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

let upstreams: (number | null)[] = [];
const downUntil = new Map<number, number>();
let next = 0;
/** Upstream errors by code, and requests answered 503 (no instance left to try). */
const errors: Record<string, number> = {};
const agent = new Agent({ keepAlive: true, maxSockets: 512 });

function pick(tried: Set<number>, avoid: number | undefined): number | undefined {
  const n = upstreams.length;
  const usable = (i: number) => upstreams[i] != null && !tried.has(i) && (downUntil.get(i) ?? 0) <= Date.now();
  const others = [...Array(n).keys()].filter((i) => i !== avoid && usable(i));
  for (let k = 0; k < n; k++) {
    const i = next++ % n;
    if (!usable(i)) continue;
    if (i === avoid && others.length > 0) continue;
    return i;
  }
  return undefined;
}

function forward(req: IncomingMessage, body: Buffer, res: ServerResponse, tried: Set<number>): void {
  const avoidHeader = req.headers['x-bench-avoid'];
  const i = pick(tried, avoidHeader === undefined ? undefined : Number(avoidHeader));
  if (i === undefined) {
    errors['503'] = (errors['503'] ?? 0) + 1;
    res.writeHead(503).end();
    return;
  }
  const up = request(
    { host: '127.0.0.1', port: upstreams[i]!, method: req.method, path: req.url, headers: req.headers, agent },
    (ur) => {
      res.writeHead(ur.statusCode ?? 502, { ...ur.headers, 'x-bench-upstream': String(i) });
      ur.pipe(res);
    },
  );
  up.on('error', (err: NodeJS.ErrnoException) => {
    errors[err.code ?? 'unknown'] = (errors[err.code ?? 'unknown'] ?? 0) + 1;
    if (res.headersSent) {
      res.destroy();
      return;
    }
    // Refused: the instance is gone. A reset on a reused keep-alive socket says less (the
    // server may just have closed it idle), so that instance is only skipped this once.
    if (err.code === 'ECONNREFUSED') downUntil.set(i, Date.now() + 1000);
    tried.add(i);
    forward(req, body, res, tried);
  });
  up.end(body);
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => forward(req, Buffer.concat(chunks), res, new Set()));
});
server.keepAliveTimeout = 60_000;
process.on('message', (m: { upstreams?: (number | null)[] } | 'stats') => {
  if (m === 'stats') {
    process.send?.(errors);
    return;
  }
  if (!m.upstreams) return;
  upstreams = m.upstreams;
  // A restarted instance listens on a new port: it is up again at once.
  for (const [i, p] of upstreams.entries()) if (p != null) downUntil.delete(i);
});
process.once('disconnect', () => process.exit(0));
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`READY ${(server.address() as AddressInfo).port}\n`);
});
