import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterEach, describe, expect, it } from 'vitest';
import { buildLarkChannel } from '../../src/channels/lark/build-lark-channel.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { buildChannels } from '../../src/entry/channels.js';
import { createHttpApp } from '../../src/http/create-http-app.js';
import { buildDelivery, challengeEvent } from '../fakes/lark/build-delivery.js';
import { type FakeLark, startFakeLark } from '../fakes/lark/fake-lark.js';
import {
  APP_ID,
  APP_SECRET,
  createMemoryLogger,
  ENCRYPT_KEY,
  type Harness,
  startLarkHarness,
  VERIFY_TOKEN,
} from './harness.js';

let h: Harness | undefined;
let fake: FakeLark | undefined;
afterEach(async () => {
  await h?.close();
  await fake?.close();
  h = undefined;
  fake = undefined;
});

describe('Lark channel from the environment', () => {
  it('with no LARK_* variable: no channel, and exactly one log line saying so', async () => {
    h = await startLarkHarness({ engine: 'scripted' });
    const logger = createMemoryLogger();
    const config = loadConfig({});
    expect(buildLarkChannel({ config, assistant: h.assistant, logger })).toBeUndefined();
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]!.msg).toMatch(/^Lark channel off: set LARK_APP_ID and LARK_APP_SECRET/);
    const modules = await buildChannels({ config, assistant: h.assistant, logger: createMemoryLogger() });
    expect(modules.map((m) => m.name)).not.toContain('lark');
  });

  it('half a configuration is an error naming the missing variable', async () => {
    h = await startLarkHarness({ engine: 'scripted' });
    const config = loadConfig({ LARK_APP_ID: APP_ID, LARK_ENCRYPT_KEY: ENCRYPT_KEY });
    expect(() => buildLarkChannel({ config, assistant: h!.assistant, logger: createMemoryLogger() })).toThrow(
      ConfigError,
    );
    expect(() => buildLarkChannel({ config, assistant: h!.assistant, logger: createMemoryLogger() })).toThrow(
      /LARK_APP_SECRET/,
    );
  });

  it('with the exact LARK_* names set, buildChannels mounts /webhooks/lark and it answers over a real socket', async () => {
    h = await startLarkHarness({ engine: 'scripted' });
    fake = await startFakeLark({ appId: APP_ID, appSecret: APP_SECRET });
    const config = loadConfig({
      LARK_APP_ID: APP_ID,
      LARK_APP_SECRET: APP_SECRET,
      LARK_ENCRYPT_KEY: ENCRYPT_KEY,
      LARK_VERIFICATION_TOKEN: VERIFY_TOKEN,
      LARK_DOMAIN: fake.url,
    });
    const logger = createMemoryLogger();
    const modules = await buildChannels({ config, assistant: h.assistant, logger });
    const lark = modules.find((m) => m.name === 'lark')!;
    expect(lark).toBeDefined();
    await lark.start?.();
    expect(fake.calls.map((c) => c.path)).toEqual([
      '/open-apis/auth/v3/tenant_access_token/internal',
      '/open-apis/bot/v3/info',
    ]);
    const app = createHttpApp({ assistant: h.assistant, channels: [lark] });
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    try {
      const port = (server.address() as AddressInfo).port;
      const d = buildDelivery(challengeEvent('over-the-wire', VERIFY_TOKEN), {
        encryptKey: ENCRYPT_KEY,
        timestampSec: Math.floor(Date.now() / 1000),
      });
      const res = await fetch(`http://127.0.0.1:${port}/webhooks/lark`, {
        method: 'POST',
        body: d.body,
        headers: d.headers,
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ challenge: 'over-the-wire' });
    } finally {
      await lark.stop?.();
      await new Promise((r) => server.close(r));
    }
    expect(logger.lines.some((l) => l.level === 'warn' && /NOT authenticated/.test(l.msg))).toBe(false);
  });

  it('without LARK_ENCRYPT_KEY start-up warns loudly that requests are unauthenticated', async () => {
    h = await startLarkHarness({ engine: 'scripted' });
    const config = loadConfig({
      LARK_APP_ID: APP_ID,
      LARK_APP_SECRET: APP_SECRET,
      LARK_VERIFICATION_TOKEN: VERIFY_TOKEN,
    });
    const logger = createMemoryLogger();
    const ch = buildLarkChannel({ config, assistant: h.assistant, logger });
    expect(ch).toBeDefined();
    expect(
      logger.lines.some((l) => l.level === 'warn' && /LARK_ENCRYPT_KEY is not set.*NOT authenticated/.test(l.msg)),
    ).toBe(true);
    await ch!.stop?.();
  });
});
