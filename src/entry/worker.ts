import { jiebaWasm, pack } from '@daogou/worker-pack';
import type { WorkerContext, WorkerEnv } from './worker/create-worker.js';

/**
 * The Cloudflare Workers entry (wrangler.toml `main`): the same Hono app and core as
 * `npm start`, on D1, with the knowledge pack compiled in by wrangler's `[build]`
 * (src/entry/build-worker-index.ts). `fetch` serves /health, /api/*, /webhooks/lark and
 * /webhooks/wecom; the cron trigger replays interrupted events, runs due timers and
 * delivers the CRM outbox.
 *
 * The app is imported on the first event, not at isolate start: some dependencies create
 * AbortControllers or timers when their module loads, which Workers allow only inside a handler.
 */
let handler: Promise<ReturnType<typeof import('./worker/create-worker.js').createWorkerHandler>> | undefined;
const load = () => {
  const started = performance.now();
  handler ??= import('./worker/create-worker.js').then((m) => {
    console.log(
      JSON.stringify({
        level: 'info',
        app: 'daogou',
        importMs: Math.round(performance.now() - started),
        msg: 'modules loaded',
      }),
    );
    return m.createWorkerHandler({ pack, jiebaWasm });
  });
  return handler;
};

export default {
  async fetch(request: Request, env: WorkerEnv, ctx: WorkerContext): Promise<Response> {
    return (await load()).fetch(request, env, ctx);
  },
  async scheduled(controller: unknown, env: WorkerEnv, ctx: WorkerContext): Promise<void> {
    return (await load()).scheduled(controller, env, ctx);
  },
};
