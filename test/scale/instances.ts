import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { openPostgres } from '../../src/adapters/db/create-db.js';
import {
  createLarkChannel,
  type LarkChannel,
  type LarkChannelOptions,
} from '../../src/channels/lark/create-lark-channel.js';
import { loadConfig } from '../../src/config.js';
import type { Assistant } from '../../src/core/assistant.js';
import type { InboundMessage } from '../../src/core/message.js';
import { buildNodeApp, type NodeApp } from '../../src/entry/build-node-app.js';
import { createHttpApp } from '../../src/http/create-http-app.js';
import { createQuizApi } from '../../src/http/quiz-api/create-quiz-api.js';
import type { createManualClock } from '../../src/ports/clock.js';
import { randomIds } from '../../src/ports/ids.js';
import { silentLogger } from '../../src/ports/logger.js';
import { buildDelivery } from '../fakes/lark/build-delivery.js';
import type { FakeLark } from '../fakes/lark/fake-lark.js';
import { DEMO_PACK } from '../helpers/test-runtime.js';
import { APP_ID, APP_SECRET, ENCRYPT_KEY, VERIFY_TOKEN } from '../lark/harness.js';

export const ADMIN_TOKEN = 'scale-admin-token';

/** One app instance: its own pool on the shared PostgreSQL database, its own Lark channel and HTTP app. */
export interface Instance {
  name: string;
  http: Hono;
  node: NodeApp;
  channel: LarkChannel;
  /** Messages this instance's assistant was asked to answer. */
  handled: InboundMessage[];
  /** POSTs a signed, encrypted delivery of `payload` to this instance's /webhooks/lark. */
  deliver(payload: unknown): Promise<Response>;
  close(): Promise<void>;
}

export interface InstanceOptions {
  name: string;
  pgUrl: string;
  fake: FakeLark;
  clock: ReturnType<typeof createManualClock>;
  /** Wraps the instance's assistant (to stall it, as a dying instance would). */
  wrap?: (a: Assistant) => Assistant;
  channel?: Partial<LarkChannelOptions>;
}

/**
 * The app as `npm start` wires it (real engine on the demo pack, PostgreSQL adapters, quiz
 * API), with the Lark channel on the fake Lark Open API. Sweeps and timers run only when the
 * test asks, on the shared manual clock.
 */
export async function startInstance(o: InstanceOptions): Promise<Instance> {
  const dataDir = mkdtempSync(join(tmpdir(), `daogou-scale-${o.name}-`));
  const config = loadConfig({ DATA_DIR: dataDir, KNOWLEDGE_DIR: DEMO_PACK, ADMIN_TOKEN, PII_SALT: 'scale-test' });
  const node = await buildNodeApp({
    config,
    logger: silentLogger,
    packDir: DEMO_PACK,
    db: await openPostgres(o.pgUrl, 4),
    clock: o.clock,
    ids: randomIds,
    channels: [],
  });
  const handled: InboundMessage[] = [];
  const inner = o.wrap ? o.wrap(node.assistant) : node.assistant;
  const assistant: Assistant = {
    services: node.services,
    handle(msg, opts) {
      handled.push(msg);
      return inner.handle(msg, opts);
    },
  };
  const channel = createLarkChannel({
    appId: APP_ID,
    appSecret: APP_SECRET,
    domain: o.fake.url,
    encryptKey: ENCRYPT_KEY,
    verificationToken: VERIFY_TOKEN,
    assistant,
    logger: silentLogger,
    retry: { retries: 3, minTimeoutMs: 10, maxTimeoutMs: 50 },
    replay: { intervalMs: 0 },
    ...o.channel,
  });
  node.services.messenger.register(channel.client);
  const http = createHttpApp({
    assistant,
    channels: [channel],
    mounts: [{ path: '/api', app: createQuizApi(node.services, { adminToken: ADMIN_TOKEN }) }],
  });
  return {
    name: o.name,
    http,
    node,
    channel,
    handled,
    async deliver(payload) {
      const { body, headers } = buildDelivery(payload, {
        encryptKey: ENCRYPT_KEY,
        timestampSec: Math.floor(o.clock.now() / 1000),
      });
      return http.request('/webhooks/lark', { method: 'POST', body, headers });
    },
    async close() {
      await channel.stop?.();
      await node.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
