import { describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/adapters/db/create-db.js';
import { buildWecomChannel } from '../../src/channels/wecom/build-wecom-channel.js';
import { readWecomSettings } from '../../src/channels/wecom/wecom-settings.js';
import { loadConfig } from '../../src/config.js';
import { foldPlainText } from '../../src/core/render-text.js';
import { buildChannels } from '../../src/entry/channels.js';
import type { Logger } from '../../src/ports/logger.js';
import { silentLogger } from '../../src/ports/logger.js';
import { createTestAssistant } from '../fakes/wecom/test-assistant.js';
import { VECTOR_A } from '../fixtures/wecom/vectors.js';
import { inboxRows, post, signedCallback, startHarness, textXml } from './harness.js';

describe('WeCom crash recovery', () => {
  it('an event acked but not processed before a crash is answered once after restart', async () => {
    const v = VECTOR_A;
    const now = 1_790_000_000;
    const db = await openSqlite(':memory:');
    // First process: the callback is persisted and acked, then the process "dies" mid-answer.
    const crashed = await startHarness(v, now, {
      db,
      wrap: (a) => ({ services: a.services, handle: () => new Promise(() => {}) }),
    });
    const res = await post(
      crashed.app,
      signedCallback(v, textXml(v.corpId, 'lisi', '不粘锅煎蛋要放油吗', '9001', now), now),
    );
    expect(res.status).toBe(200);
    expect(await inboxRows(crashed.t)).toEqual([{ event_id: '9001', status: 'pending' }]);
    expect(crashed.fake.sent).toHaveLength(0);
    await crashed.fake.close();

    // Second process on the same database, two minutes later: start() replays it.
    const restarted = await startHarness(v, now + 120, { db });
    await restarted.channel.start!();
    await restarted.channel.idle();
    const [reply] = restarted.replies();
    expect(reply?.products).toEqual(['kt-nonstick-pan']);
    expect(restarted.fake.sent.map((m) => [m.touser, m.content])).toEqual([['lisi', foldPlainText(reply!.text).first]]);
    expect(await inboxRows(restarted.t)).toEqual([{ event_id: '9001', status: 'done' }]);
    // A second start replays nothing, and WeCom retrying the old MsgId is not answered again.
    restarted.clock.advance(60_000);
    expect(await restarted.channel.sweep()).toBe(0);
    await post(
      restarted.app,
      signedCallback(v, textXml(v.corpId, 'lisi', '不粘锅煎蛋要放油吗', '9001', now + 180), now + 180),
    );
    await restarted.channel.idle();
    expect(restarted.fake.sent).toHaveLength(1);
    await restarted.close();
    await db.close();
  });
});

describe('WeCom inbox sweep', () => {
  const v = VECTOR_A;
  const now = 1_790_000_000;

  it('does not replay an event this process is still answering, nor another channel’s events', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const h = await startHarness(v, now, {
      wrap: (a) => ({
        services: a.services,
        handle: async (m, o) => {
          await gate;
          return a.handle(m, o);
        },
      }),
    });
    await h.t.services.inbox.accept({
      channel: 'lark',
      eventId: 'ev_lark',
      payload: {},
      receivedAt: (now - 600) * 1000,
    });
    await post(h.app, signedCallback(v, textXml(v.corpId, 'lisi', '慢慢回答', '9101', now), now));
    h.clock.advance(120_000);
    expect(await h.channel.sweep()).toBe(0);
    release();
    await h.channel.idle();
    expect(h.fake.sent).toHaveLength(1);
    const lark = await h.t.db.db.selectFrom('inbox_events').select('status').where('channel', '=', 'lark').execute();
    expect(lark).toEqual([{ status: 'pending' }]);
    await h.close();
  });
});

describe('WeCom configuration', () => {
  const full = {
    WECOM_CORP_ID: 'ww1',
    WECOM_AGENT_ID: '1000002',
    WECOM_SECRET: 's',
    WECOM_TOKEN: 't',
    WECOM_AES_KEY: VECTOR_A.aesKey,
  };

  it('no WECOM_* variable: channel off, one log line saying so', async () => {
    const lines: string[] = [];
    const logger: Logger = {
      ...silentLogger,
      info: (o: object | string, m?: string) => void lines.push(typeof o === 'string' ? o : (m ?? '')),
      child: () => logger,
    };
    const t = await createTestAssistant();
    const config = loadConfig({});
    expect(buildWecomChannel({ config, assistant: t.assistant, logger })).toBeUndefined();
    expect(lines.filter((l) => l.startsWith('WeCom'))).toEqual([
      'WeCom channel off: set WECOM_CORP_ID, WECOM_AGENT_ID, WECOM_SECRET, WECOM_TOKEN and WECOM_AES_KEY to enable it',
    ]);
    const modules = await buildChannels({ config, assistant: t.assistant, logger: silentLogger });
    expect(modules.map((m) => m.name)).not.toContain('wecom');
    await t.close();
  });

  it('all set: channel on, with the default API base', async () => {
    const config = loadConfig(full);
    expect(readWecomSettings(config)).toMatchObject({ corpId: 'ww1', apiBase: 'https://qyapi.weixin.qq.com' });
    const t = await createTestAssistant();
    const modules = await buildChannels({ config, assistant: t.assistant, logger: silentLogger });
    expect(modules.map((m) => m.name)).toContain('wecom');
    for (const m of modules) await m.stop?.();
    await t.close();
  });

  it('partly set: refuses to start, naming the missing variables', () => {
    const { WECOM_SECRET: _s, WECOM_TOKEN: _t, ...partial } = full;
    expect(() => readWecomSettings(loadConfig(partial))).toThrow(
      expect.objectContaining({
        code: 'WECOM_CONFIG_INCOMPLETE',
        message: expect.stringContaining('WECOM_SECRET, WECOM_TOKEN are not set'),
      }),
    );
  });

  it('a malformed AES key is refused with a hint', () => {
    expect(() => readWecomSettings(loadConfig({ ...full, WECOM_AES_KEY: 'short' }))).toThrow(
      expect.objectContaining({ code: 'WECOM_CONFIG_INVALID' }),
    );
  });
});
