import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';

/** Issue 10, problem 6: a body limit on every route, enforced while the body streams in. */
let rt: TestRuntime;
beforeAll(async () => {
  rt = await createTestRuntime({ env: { ADMIN_TOKEN: 'admin-tok' } });
});
afterAll(async () => {
  await rt.close();
});

/** A body that yields `chunks` × 16 KB and counts what the server pulled. */
function countingBody(chunks: number) {
  const state = { pulled: 0 };
  const chunk = new TextEncoder().encode(`{"user":"u","text":"hi","pad":"${'x'.repeat(16 * 1024 - 40)}`);
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(ctrl) {
      if (sent++ >= chunks) return ctrl.close();
      state.pulled += chunk.length;
      ctrl.enqueue(chunk);
    },
  });
  return { stream, state };
}

describe('/api/chat body limit (64 KB)', () => {
  it('refuses a declared oversize body with 413 before reading it', async () => {
    const big = JSON.stringify({ user: 'u', text: 'hi', pad: 'x'.repeat(200 * 1024) });
    const res = await rt.http.request('/api/chat', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: big,
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: 'payload_too_large' });
  });

  it('stops reading a chunked body at the limit (a 200 MB stream is cut after ~64 KB)', async () => {
    const { stream, state } = countingBody(200 * 64); // 200 MB if read to the end
    const res = await rt.http.request('/api/chat', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(state.pulled).toBeLessThan(256 * 1024);
  });

  it('still answers a normal question', async () => {
    const res = await rt.http.request('/api/chat', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'u', text: '小金罐多少钱' }),
    });
    expect(res.status).toBe(200);
  });
});

describe('every other route has a limit too', () => {
  it('admin API: 413 past 1 MB, whatever the route', async () => {
    for (const path of ['/api/tickets/1/close', '/api/quizzes', '/api/customers/cus_1', '/nope']) {
      const res = await rt.http.request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer admin-tok' },
        body: JSON.stringify({ resolution: 'x'.repeat(1100 * 1024) }),
      });
      expect(res.status, path).toBe(413);
    }
  });
});

describe('on a listening server', () => {
  it('answers 413 while a chunked 50 MB upload is still being sent', async () => {
    const server = serve({ fetch: rt.http.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((r) => server.once('listening', () => r()));
    const { port } = server.address() as AddressInfo;
    const chunk = Buffer.alloc(64 * 1024, 'x');
    const total = 50 * 1024 * 1024;
    const outcome = await new Promise<{ status: number; written: number }>((resolve, reject) => {
      let written = 0;
      const req = httpRequest({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/chat',
        headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      });
      req.on('response', (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, written });
        req.destroy();
      });
      req.on('error', (err) => (written > 0 ? undefined : reject(err)));
      const pump = () => {
        while (written < total) {
          written += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      req.write('{"user":"u","text":"hi","pad":"');
      pump();
    });
    expect(outcome.status).toBe(413);
    expect(outcome.written).toBeLessThan(total);
    await new Promise<void>((r) => server.close(() => r()));
  });
});
