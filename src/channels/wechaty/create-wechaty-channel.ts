import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { type Contact, type Message, type Wechaty, WechatyBuilder, type WechatyOptions } from 'wechaty';
import type { Assistant } from '../../core/assistant.js';
import { DaogouError } from '../../core/errors.js';
import type { InboundMessage } from '../../core/message.js';
import type { InboxEvent } from '../../ports/inbox.js';
import { type Logger, silentLogger } from '../../ports/logger.js';
import { answerInbound, createBackgroundTasks } from '../answer-inbound.js';
import { createInboxSweeper, type InboxSweeperOptions } from '../create-inbox-sweeper.js';
import type { ChannelModule } from '../types.js';
import { createWechatyClient } from './create-wechaty-client.js';
import { ensurePuppetInstalled } from './load-puppet.js';
import { normalizeWechatyMessage } from './normalize-message.js';
import { printLoginQr } from './print-login-qr.js';
import { createReconnector } from './reconnector.js';
import { createLogThrottle } from './throttle-log.js';

/** A wechaty puppet instance (tests pass PuppetMock). */
export type PuppetInstance = Exclude<WechatyOptions['puppet'], string | undefined>;

export interface WechatyChannelOptions {
  assistant: Assistant;
  logger?: Logger;
  /** A puppet instance, or the npm name of one (WECHATY_PUPPET, e.g. wechaty-puppet-wechat4u). */
  puppet: PuppetInstance | string;
  puppetOptions?: Record<string, unknown>;
  /** File path (without suffix) where wechaty keeps the login session, e.g. `data/wechaty`. */
  sessionFile?: string;
  /**
   * Restart policy after a logout or failed start: the first restart waits `initialMs` (a grace
   * period in which a puppet that re-logs in by itself shows a new QR code, which cancels the
   * restart), then the wait doubles up to `maxMs`. Defaults: 30 s, 5 min.
   */
  reconnect?: { initialMs: number; maxMs: number };
  /** Pause between two outgoing messages (default 400 ms). */
  sendIntervalMs?: number;
  /** How long a reply waits for the account to log in again before failing (default 2 min). */
  loginWaitMs?: number;
  /** Shows the login QR code; default: printed in the terminal. */
  printQr?: (qrcode: string) => Promise<void> | void;
  /** Crash recovery: when a pending message counts as interrupted, and how often to look. */
  recovery?: Pick<InboxSweeperOptions, 'staleAfterMs' | 'leaseMs' | 'intervalMs'>;
}

/** The wechaty ChannelModule, plus what tests and shutdown need. */
export interface WechatyChannel extends ChannelModule {
  /** The running bot (undefined before start). */
  bot(): Wechaty | undefined;
  /** Resolves when every message received so far has been answered. */
  idle(): Promise<void>;
  /** Replays this channel's interrupted inbox events now; returns how many. */
  sweep(): Promise<number>;
}

/**
 * The WeChat channel: a long-lived wechaty receiver. p2p messages are answered; in rooms only
 * messages that @-mention the bot. Each message is made durable and deduplicated by its id in
 * the inbox before it is answered, so a message re-delivered after a reconnect is not answered
 * twice. After a logout or failed start the bot is restarted with exponential backoff, unless
 * the puppet asks for a new login by itself; messages a crash interrupted are answered after login.
 */
export function createWechatyChannel(opts: WechatyChannelOptions): WechatyChannel {
  const { assistant } = opts;
  const { services } = assistant;
  const logger = (opts.logger ?? silentLogger).child({ channel: 'wechaty' });
  const tasks = createBackgroundTasks(logger);
  const active = new Set<string>();
  /** Replies waiting for the account to log in: called with undefined on login, an error on timeout/stop. */
  const loginWaiters = new Set<(err?: Error) => void>();
  let bot: Wechaty | undefined;
  let stopping = false;
  const logPuppetError = createLogThrottle(
    (err, repeated) => logger.warn({ err, ...(repeated ? { repeatedBefore: repeated } : {}) }, 'wechaty error'),
    () => services.clock.now(),
  );

  const reconnector = createReconnector({
    initialMs: opts.reconnect?.initialMs ?? 30_000,
    maxMs: opts.reconnect?.maxMs ?? 5 * 60_000,
    logger,
    attempt: async () => {
      if (!bot || stopping) return;
      await bot.stop();
      if (stopping) return;
      await bot.start();
      logger.info('wechaty restarted; waiting for login');
    },
  });

  function whenLoggedIn(): Promise<void> {
    if (bot?.isLoggedIn) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = (err?: Error) => {
        clearTimeout(timer);
        loginWaiters.delete(done);
        if (err) reject(err);
        else resolve();
      };
      const timer = setTimeout(
        () => done(new DaogouError('WECHATY_NOT_LOGGED_IN', 'WeChat account is not logged in; scan the login QR code')),
        opts.loginWaitMs ?? 120_000,
      );
      loginWaiters.add(done);
    });
  }

  const client = createWechatyClient({ bot: () => bot, whenLoggedIn, sendIntervalMs: opts.sendIntervalMs });

  async function onMessage(msg: Message): Promise<void> {
    const inbound = await normalizeWechatyMessage(msg);
    if (!inbound) return;
    const fresh = await services.inbox.accept({
      channel: 'wechaty',
      eventId: inbound.eventId,
      payload: inbound,
      receivedAt: services.clock.now(),
    });
    if (!fresh) {
      logger.info({ eventId: inbound.eventId }, 'wechaty message seen before; not answered again');
      return;
    }
    await answer(inbound);
  }

  /** Answers in the background; a message already in progress here is not started twice. */
  function answer(msg: InboundMessage): Promise<void> {
    if (active.has(msg.eventId)) return Promise.resolve();
    active.add(msg.eventId);
    return tasks.run(() => answerInbound(assistant, client, logger, msg).finally(() => active.delete(msg.eventId)));
  }

  async function replay(event: InboxEvent): Promise<void> {
    const msg = event.payload as InboundMessage | null;
    if (msg?.channel !== 'wechaty' || typeof msg.chatId !== 'string' || typeof msg.text !== 'string') {
      logger.warn({ eventId: event.eventId }, 'stale wechaty inbox event has an unknown shape; marking it done');
      await services.inbox.markDone('wechaty', event.eventId);
      return;
    }
    await answer(msg);
  }

  const sweeper = createInboxSweeper({
    channel: 'wechaty',
    inbox: services.inbox,
    clock: services.clock,
    logger,
    ...opts.recovery,
    isActive: (id) => active.has(id),
    replay,
  });

  function build(): Wechaty {
    const options = {
      puppet: opts.puppet,
      ...(typeof opts.puppet === 'string' && opts.puppetOptions ? { puppetOptions: opts.puppetOptions } : {}),
      ...(opts.sessionFile ? { name: opts.sessionFile } : {}),
    } as WechatyOptions;
    const b = WechatyBuilder.build(options);
    b.on('scan', (qrcode: string) => {
      // The puppet is alive and asking for a login (wechat4u re-logs in by itself): no restart.
      reconnector.cancel();
      void Promise.resolve(opts.printQr ? opts.printQr(qrcode) : printLoginQr(qrcode, logger)).catch(() => {});
    });
    b.on('login', (user: Contact) => {
      logger.info({ user: user.name() }, 'wechaty logged in');
      reconnector.reset();
      for (const w of [...loginWaiters]) w();
      // Replies need a logged-in account, so interrupted messages are replayed from here on.
      sweeper.sweep().catch((err: unknown) => logger.error({ err }, 'wechaty inbox sweep failed'));
      sweeper.start();
    });
    b.on('logout', (user: Contact, reason?: string) => {
      if (stopping) return;
      logger.warn(
        { user: user.name(), reason },
        'wechaty logged out; restarting unless the puppet asks for a new login',
      );
      reconnector.schedule();
    });
    b.on('error', (err: Error) => logPuppetError(err.message));
    b.on('message', (msg: Message) => {
      onMessage(msg).catch((err: unknown) => logger.error({ err, id: msg.id }, 'wechaty message handling failed'));
    });
    return b;
  }

  return {
    name: 'wechaty',
    client,
    bot: () => bot,
    async start() {
      stopping = false;
      if (typeof opts.puppet === 'string') await ensurePuppetInstalled(opts.puppet);
      if (opts.sessionFile) mkdirSync(dirname(opts.sessionFile), { recursive: true });
      bot ??= build();
      try {
        await bot.start();
        logger.info({ puppet: typeof opts.puppet === 'string' ? opts.puppet : 'injected' }, 'wechaty started');
      } catch (err) {
        logger.warn({ err: (err as Error).message }, 'wechaty failed to start; retrying with backoff');
        reconnector.schedule();
      }
    },
    async stop() {
      stopping = true;
      reconnector.cancel();
      sweeper.stop();
      const stopped = new DaogouError(
        'WECHATY_STOPPED',
        'the WeChat channel stopped before the account logged in again',
      );
      for (const w of [...loginWaiters]) w(stopped);
      await tasks.idle();
      if (bot) {
        await bot.stop();
        // Flush the session file before the process exits, so the next start needs no QR scan.
        const memory = (bot as unknown as { memory?: { save(): Promise<void> } }).memory;
        await memory?.save().catch(() => {});
      }
    },
    replay,
    sweep: () => sweeper.sweep(),
    idle: () => tasks.idle(),
  };
}
