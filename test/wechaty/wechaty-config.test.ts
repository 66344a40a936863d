import { describe, expect, it } from 'vitest';
import { buildWechatyChannel } from '../../src/channels/wechaty/build-wechaty-channel.js';
import { createWechatyChannel } from '../../src/channels/wechaty/create-wechaty-channel.js';
import { ensurePuppetInstalled } from '../../src/channels/wechaty/load-puppet.js';
import { loadConfig } from '../../src/config.js';
import type { Logger } from '../../src/ports/logger.js';
import { createTestAssistant } from '../fakes/wecom/test-assistant.js';

/** A puppet package that is not installed here (the paid pad protocol). */
const MISSING = 'wechaty-puppet-padlocal';

function linesLogger(): { logger: Logger; lines: { level: string; msg: string }[] } {
  const lines: { level: string; msg: string }[] = [];
  const at =
    (level: string) =>
    (o: object | string, m?: string): void =>
      void lines.push({ level, msg: typeof o === 'string' ? o : (m ?? '') });
  const logger: Logger = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: () => logger,
  };
  return { logger, lines };
}

describe('wechaty puppet loading and configuration', () => {
  it('a missing puppet module is one clear error line with the install command', async () => {
    const err = (await ensurePuppetInstalled(MISSING).then(
      () => new Error('expected a rejection'),
      (e: unknown) => e,
    )) as Error & { code: string };
    expect(err.code).toBe('WECHATY_PUPPET_NOT_INSTALLED');
    expect(err.message).toBe(
      `WECHATY_PUPPET=${MISSING} but that package is not installed: run "npm install ${MISSING}", or unset WECHATY_PUPPET to start without WeChat`,
    );
    expect(err.message).not.toContain('\n');
  });

  it('an installed puppet module passes the check', async () => {
    await expect(ensurePuppetInstalled('wechaty-puppet-mock')).resolves.toBeUndefined();
  });

  it('a value that is not a package name is refused', async () => {
    await expect(ensurePuppetInstalled('../../etc/passwd')).rejects.toMatchObject({ code: 'WECHATY_PUPPET_INVALID' });
  });

  it('start() of a channel whose puppet is missing rejects with the same code', async () => {
    const t = await createTestAssistant();
    const ch = createWechatyChannel({ assistant: t.assistant, puppet: MISSING });
    await expect(ch.start!()).rejects.toMatchObject({ code: 'WECHATY_PUPPET_NOT_INSTALLED' });
    await t.close();
  });

  it('WECHATY_PUPPET unset: channel off, one info line', async () => {
    const t = await createTestAssistant();
    const { logger, lines } = linesLogger();
    expect(await buildWechatyChannel({ config: loadConfig({}), assistant: t.assistant, logger })).toBeUndefined();
    expect(lines).toEqual([
      {
        level: 'info',
        msg: 'WeChat (wechaty) channel off: set WECHATY_PUPPET (e.g. wechaty-puppet-wechat4u) to enable it',
      },
    ]);
    await t.close();
  });

  it('WECHATY_PUPPET names a missing module: the app starts without WeChat and logs one error line', async () => {
    const t = await createTestAssistant();
    const { logger, lines } = linesLogger();
    const ch = await buildWechatyChannel({
      config: loadConfig({ WECHATY_PUPPET: MISSING }),
      assistant: t.assistant,
      logger,
    });
    expect(ch).toBeUndefined();
    expect(lines).toHaveLength(1);
    expect(lines[0]!.level).toBe('error');
    expect(lines[0]!.msg).toContain(`npm install ${MISSING}`);
    await t.close();
  });

  it('WECHATY_PUPPET names an installed puppet: the channel is built (not started)', async () => {
    const t = await createTestAssistant();
    const { logger } = linesLogger();
    const ch = await buildWechatyChannel({
      config: loadConfig({ WECHATY_PUPPET: 'wechaty-puppet-mock', DATA_DIR: '/tmp/daogou-wechaty-test' }),
      assistant: t.assistant,
      logger,
    });
    expect(ch?.name).toBe('wechaty');
    expect(ch?.bot()).toBeUndefined();
    await t.close();
  });
});
