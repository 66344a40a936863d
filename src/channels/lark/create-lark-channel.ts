import Bottleneck from 'bottleneck';
import type { Assistant } from '../../core/assistant.js';
import { type CardActions, createCardActions } from '../../ports/card-actions.js';
import type { InboxEvent } from '../../ports/inbox.js';
import { type Logger, silentLogger } from '../../ports/logger.js';
import { createBackgroundTasks } from '../answer-inbound.js';
import { createInboxSweeper, INBOX_LEASE_DEFAULTS } from '../create-inbox-sweeper.js';
import { createLoopGate } from '../create-loop-gate.js';
import type { ChannelModule } from '../types.js';
import { createBotIdentity } from './bot-identity.js';
import type { RetryPolicy } from './call-lark.js';
import { createLarkChannelClient, type LarkChannelClient } from './channel-client.js';
import { createSdkClient } from './create-sdk-client.js';
import { type EnvelopeV2, envelopeV2Schema } from './envelope.js';
import { handleCardAction } from './handle-card-action.js';
import { createLarkApi, type LarkApi } from './lark-api.js';
import { createEventProcessor } from './process-event.js';
import { VOTE_ACTION } from './render-card.js';
import { createSendLimiter, type SendLimiter, type SendLimiterOptions } from './send-limiter.js';
import { createVoteHandler } from './vote-action.js';
import { createWebhookRoutes } from './webhook-routes.js';

export interface LarkReplayOptions {
  /** Only events received at least this long ago are claimed (default 0: the lease alone decides). */
  staleAfterMs?: number;
  /** Lease on a held event, renewed every third of it while held (default 15 s). */
  leaseMs?: number;
  /** Sweep period after start; 0 sweeps only at start and renews no lease (default 5 s). */
  intervalMs?: number;
  /** Processing attempts (on any instance) before a failing event is given up (default 3). */
  maxAttempts?: number;
}

export interface LarkChannelOptions {
  appId: string;
  appSecret: string;
  /** Base URL of the Open API (LARK_DOMAIN). */
  domain: string;
  encryptKey?: string;
  verificationToken?: string;
  assistant: Assistant;
  logger?: Logger;
  /** Stream LLM answers through CardKit (default: when an LLM is configured). */
  streaming?: boolean;
  streamIntervalMs?: number;
  limits?: SendLimiterOptions;
  /** Replaces the Bottleneck send limiter (Workers pass one that keeps no timer after a send). */
  limiter?: SendLimiter;
  retry?: RetryPolicy;
  /** Messages processed at once (default 16). */
  concurrency?: number;
  maxBodyBytes?: number;
  toleranceSec?: number;
  replay?: LarkReplayOptions;
  /**
   * 'all' (default): acknowledges webhooks and answers. 'ingress': only acknowledges (and
   * answers card callbacks); messages are stored unleased and answering instances claim
   * them, so acks never compete with composing answers for the CPU. 'answer': serves no
   * webhook, claims messages from the inbox every 200 ms (replay.intervalMs) and answers.
   */
  role?: LarkRole;
}

export type LarkRole = 'all' | 'ingress' | 'answer';

/** The Lark ChannelModule, plus what tests, shutdown and other features need. */
export interface LarkChannel extends ChannelModule {
  readonly client: LarkChannelClient;
  readonly api: LarkApi;
  /** Register card-button handlers here by `value.action` ('vote' is taken). */
  readonly cardActions: CardActions;
  /** Resolves when every accepted event so far has been processed. */
  idle(): Promise<void>;
  /** Claims interrupted Lark events from the inbox and processes them; returns how many. */
  sweep(): Promise<number>;
  /** Renews the leases of the events this process holds; returns those another instance took. */
  renew(): Promise<string[]>;
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The Lark/Feishu bot channel: signed+encrypted webhook with durable dedupe and a fast
 * ack, processing after the response, cards with votes, CardKit streaming, crash replay.
 */
export function createLarkChannel(opts: LarkChannelOptions): LarkChannel {
  const { assistant } = opts;
  const { services } = assistant;
  const logger = (opts.logger ?? services.logger ?? silentLogger).child({ channel: 'lark' });
  const maxAttempts = opts.replay?.maxAttempts ?? 3;
  const role = opts.role ?? 'all';
  const concurrency = opts.concurrency ?? 16;
  if (!opts.encryptKey) {
    logger.warn(
      opts.verificationToken
        ? 'LARK_ENCRYPT_KEY is not set: Lark webhook requests are NOT authenticated (only the verification token is checked). Set an Encrypt Key in the Lark console and LARK_ENCRYPT_KEY.'
        : 'LARK_ENCRYPT_KEY and LARK_VERIFICATION_TOKEN are both unset: ANYONE can post events to /webhooks/lark. Set both from the Lark console.',
    );
  }

  const sdk = createSdkClient({ appId: opts.appId, appSecret: opts.appSecret, domain: opts.domain, logger });
  const limiter = opts.limiter ?? createSendLimiter(opts.limits);
  const api = createLarkApi({
    client: sdk.client,
    clearToken: sdk.clearToken,
    limiter,
    logger,
    ...(opts.retry ? { retry: opts.retry } : {}),
  });
  const client = createLarkChannelClient({ api, ids: services.ids, logger });
  const bot = createBotIdentity(api, logger);
  const cardActions = services.cardActions ?? createCardActions();
  services.cardActions ??= cardActions;
  if (!cardActions.has(VOTE_ACTION)) cardActions.register(VOTE_ACTION, createVoteHandler(services));

  // Answers are composed only while the event loop keeps up, so webhook acks never queue
  // behind a pile of them (the backlog waits, leased, in the inbox and in memory).
  const gate = createLoopGate({ max: concurrency });
  const gated: Assistant = { services, handle: (msg, o) => gate.run(() => assistant.handle(msg, o)) };
  const processEnvelope = createEventProcessor({
    assistant: gated,
    client,
    api,
    bot,
    logger,
    streaming: opts.streaming ?? Boolean(services.llm),
    ...(opts.streamIntervalMs !== undefined ? { streamIntervalMs: opts.streamIntervalMs } : {}),
  });
  const queue = new Bottleneck({ maxConcurrent: concurrency });
  const tasks = createBackgroundTasks(logger);
  // Events this process holds, queued or running: their leases are renewed, and a sweep
  // must not queue them a second time.
  const owned = new Set<string>();
  // Held events whose lease another instance took (this process stalled): not processed here.
  const lost = new Set<string>();

  async function runOne(eventId: string, envelope: EnvelopeV2, attempts: number): Promise<void> {
    if (lost.delete(eventId)) return;
    try {
      // SQLite calls complete synchronously, so a whole answer could run without yielding;
      // let pending webhook requests (acks) go first.
      await yieldToLoop();
      await processEnvelope(envelope);
      await services.inbox.markDone('lark', eventId);
    } catch (err) {
      // Attempts are counted in the inbox, so they add up across instances and restarts.
      const giveUp = attempts >= maxAttempts;
      logger.error(
        { err, eventId, attempts },
        giveUp
          ? 'lark event failed too often; giving up on it'
          : 'lark event failed; it stays in the inbox and is retried by the replay sweep once its lease ends',
      );
      if (giveUp) await services.inbox.markDone('lark', eventId);
    }
  }

  /** Queues an event unless this process already holds it; returns when it has run. */
  function enqueue(
    eventId: string,
    envelope: EnvelopeV2,
    attempts: number,
    first?: () => Promise<void>,
  ): Promise<void> {
    if (owned.has(eventId)) return Promise.resolve();
    owned.add(eventId);
    return tasks.run(async () => {
      try {
        await first?.();
        await queue.schedule(() => runOne(eventId, envelope, attempts));
      } finally {
        owned.delete(eventId);
        lost.delete(eventId);
      }
    });
  }

  /** After the response: the queue starts it on a later turn of the event loop. */
  function dispatch(eventId: string, envelope: EnvelopeV2): void {
    void enqueue(eventId, envelope, 1, yieldToLoop);
  }

  async function replayEvent(event: InboxEvent): Promise<void> {
    const parsed = envelopeV2Schema.safeParse(event.payload);
    if (!parsed.success) {
      logger.warn({ eventId: event.eventId }, 'stale lark inbox event has an unknown shape; marking it done');
      await services.inbox.markDone('lark', event.eventId);
      return;
    }
    await enqueue(event.eventId, parsed.data, event.attempts ?? 1);
  }

  const sweeper = createInboxSweeper({
    channel: 'lark',
    inbox: services.inbox,
    clock: services.clock,
    logger,
    staleAfterMs: opts.replay?.staleAfterMs ?? 0,
    leaseMs: opts.replay?.leaseMs ?? INBOX_LEASE_DEFAULTS.leaseMs,
    intervalMs: opts.replay?.intervalMs ?? (role === 'answer' ? 200 : INBOX_LEASE_DEFAULTS.intervalMs),
    isActive: (id) => owned.has(id),
    held: () => owned,
    // An answering-only instance takes what it can start soon and leaves the rest to its peers.
    ...(role === 'answer' ? { room: () => 2 * concurrency - owned.size } : {}),
    onLost: (ids) => {
      for (const id of ids) lost.add(id);
    },
    replay: (ev) => tasks.run(() => replayEvent(ev)),
  });
  const sweep = () => sweeper.sweep();
  const routes =
    role === 'answer'
      ? undefined
      : createWebhookRoutes({
          secrets: {
            ...(opts.encryptKey ? { encryptKey: opts.encryptKey } : {}),
            ...(opts.verificationToken ? { verificationToken: opts.verificationToken } : {}),
          },
          clock: services.clock,
          inbox: services.inbox,
          logger,
          // Ingress only: nothing is processed here; the stored event waits, unleased, for a claim.
          dispatch: role === 'ingress' ? () => {} : dispatch,
          ...(role === 'ingress' ? { lease: false } : {}),
          cardAction: (envelope) => handleCardAction(envelope, { actions: cardActions, logger }),
          ...(opts.maxBodyBytes !== undefined ? { maxBodyBytes: opts.maxBodyBytes } : {}),
          ...(opts.toleranceSec !== undefined ? { toleranceSec: opts.toleranceSec } : {}),
        });

  return {
    name: 'lark',
    client,
    api,
    cardActions,
    ...(routes ? { routes } : {}),
    async start() {
      if (role === 'ingress') return;
      await bot.openId();
      await sweep();
      sweeper.start();
    },
    async stop() {
      sweeper.stop();
      gate.stop();
      await tasks.idle();
      await queue.stop({ dropWaitingJobs: false });
      await limiter.stop();
    },
    replay: (event) => tasks.run(() => replayEvent(event)),
    idle: () => tasks.idle(),
    sweep,
    renew: () => sweeper.renew(),
  };
}
