import type { Assistant } from '../../core/assistant.js';
import type { InboxEvent } from '../../ports/inbox.js';
import { type Logger, silentLogger } from '../../ports/logger.js';
import { answerInbound, createBackgroundTasks } from '../answer-inbound.js';
import { createInboxSweeper, type InboxSweeperOptions } from '../create-inbox-sweeper.js';
import type { ChannelModule } from '../types.js';
import { createWecomApi, type WecomApi, type WecomApiOptions } from './create-wecom-api.js';
import { createWecomClient, type MemberRateLimit } from './create-wecom-client.js';
import { createWecomRoutes } from './create-wecom-routes.js';
import type { WecomInbound } from './normalize-callback.js';
import type { WecomSettings } from './wecom-settings.js';

/** Said to a member who sends something other than text (image, file, location…). */
export const UNSUPPORTED_MESSAGE_TEXT = '目前只能看懂文字消息，请直接打字提问哦。';

export interface WecomChannelOptions {
  settings: WecomSettings;
  assistant: Assistant;
  logger?: Logger;
  /** Replaces global fetch for the WeCom API (tests point it at a fake server via apiBase instead). */
  fetch?: typeof fetch;
  rateLimit?: MemberRateLimit;
  retry?: WecomApiOptions['retry'];
  /** Crash recovery: when a pending event counts as interrupted, and how often to look. */
  recovery?: Pick<InboxSweeperOptions, 'staleAfterMs' | 'leaseMs' | 'intervalMs'>;
}

/** The WeCom ChannelModule, plus what tests and shutdown need. */
export interface WecomChannel extends ChannelModule {
  readonly api: WecomApi;
  /** Resolves when every callback accepted so far has been processed. */
  idle(): Promise<void>;
  /** Replays this channel's interrupted inbox events now; returns how many. */
  sweep(): Promise<number>;
}

function isWecomInbound(p: unknown): p is WecomInbound {
  const k = (p as { kind?: unknown } | null)?.kind;
  return k === 'message' || k === 'unsupported' || k === 'event';
}

/**
 * The WeCom (企业微信) app channel: callback routes, the active-send client, and crash-recovery
 * replay of accepted-but-unprocessed callbacks.
 */
export function createWecomChannel(opts: WecomChannelOptions): WecomChannel {
  const { settings, assistant } = opts;
  const logger = (opts.logger ?? silentLogger).child({ channel: 'wecom' });
  const { services } = assistant;
  const api = createWecomApi({
    corpId: settings.corpId,
    secret: settings.secret,
    agentId: settings.agentId,
    apiBase: settings.apiBase,
    clock: services.clock,
    logger,
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
    ...(opts.retry ? { retry: opts.retry } : {}),
  });
  const client = createWecomClient(api, opts.rateLimit);
  const tasks = createBackgroundTasks(logger);
  const active = new Set<string>();

  async function handleInbound(inbound: WecomInbound): Promise<void> {
    if (inbound.kind === 'message') return answerInbound(assistant, client, logger, inbound.msg);
    try {
      if (inbound.kind === 'unsupported') await client.sendText(inbound.userId, UNSUPPORTED_MESSAGE_TEXT);
      else logger.debug({ event: inbound.event, userId: inbound.userId }, 'wecom event ignored');
    } catch (err) {
      logger.error({ err, eventId: inbound.eventId }, 'wecom hint could not be sent');
    } finally {
      await services.inbox.markDone('wecom', inbound.eventId);
    }
  }

  /** Runs in the background; an event already in progress here is not started twice. */
  function process(inbound: WecomInbound): Promise<void> {
    if (active.has(inbound.eventId)) return Promise.resolve();
    active.add(inbound.eventId);
    return tasks.run(() => handleInbound(inbound).finally(() => active.delete(inbound.eventId)));
  }

  async function replay(event: InboxEvent): Promise<void> {
    if (!isWecomInbound(event.payload)) {
      logger.warn({ eventId: event.eventId }, 'stale wecom inbox event has an unknown shape; marking it done');
      await services.inbox.markDone('wecom', event.eventId);
      return;
    }
    await process(event.payload);
  }

  const sweeper = createInboxSweeper({
    channel: 'wecom',
    inbox: services.inbox,
    clock: services.clock,
    logger,
    ...opts.recovery,
    isActive: (id) => active.has(id),
    // Leases of callbacks being answered here are kept alive, so other instances leave them be.
    held: () => active,
    replay,
  });

  return {
    name: 'wecom',
    client,
    api,
    routes: createWecomRoutes({
      settings,
      clock: services.clock,
      logger,
      inbox: services.inbox,
      dispatch: process,
    }),
    replay,
    sweep: () => sweeper.sweep(),
    idle: () => tasks.idle(),
    /** Replays callbacks a crash interrupted (on any instance), now and every 5 s. */
    async start() {
      await sweeper.sweep();
      sweeper.start();
    },
    async stop() {
      sweeper.stop();
      await tasks.idle();
      await client.stop();
    },
  };
}
