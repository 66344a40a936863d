import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Clock } from '../../ports/clock.js';
import type { Inbox } from '../../ports/inbox.js';
import type { Logger } from '../../ports/logger.js';
import type { EnvelopeV2 } from './envelope.js';
import { LarkRequestError } from './errors.js';
import { type LarkSecrets, parseLarkRequest } from './parse-request.js';

/** Lark event bodies are a few KB; anything near this is not from Lark. */
export const DEFAULT_MAX_BODY_BYTES = 512 * 1024;

export interface WebhookDeps {
  secrets: LarkSecrets;
  clock: Clock;
  inbox: Inbox;
  logger: Logger;
  /** Starts processing a freshly accepted message event after the response. */
  dispatch(eventId: string, envelope: EnvelopeV2): void;
  /** Answers a card.action.trigger callback (synchronously, within Lark's 3 s). */
  cardAction(envelope: EnvelopeV2): Promise<Record<string, unknown>>;
  maxBodyBytes?: number;
  toleranceSec?: number;
  /** False: events are stored unleased, for answering instances to claim (an ingress-only instance). */
  lease?: boolean;
}

/**
 * The Hono sub-app mounted at /webhooks/lark: `POST /` verifies the raw body, answers URL
 * checks, answers card callbacks, and for messages persists the event (durable dedupe on
 * header.event_id and event.message.message_id) before acknowledging. Refusals are 4xx with a stable code and no effect.
 */
export function createWebhookRoutes(deps: WebhookDeps): Hono {
  const app = new Hono();
  const { logger } = deps;
  app.post(
    '/',
    bodyLimit({
      maxSize: deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
      onError: (c) => {
        logger.warn({ code: 'LARK_BODY_TOO_LARGE' }, 'lark webhook refused');
        c.header('connection', 'close');
        return c.json({ error: 'LARK_BODY_TOO_LARGE' }, 413);
      },
    }),
    async (c) => {
      const rawBody = new Uint8Array(await c.req.arrayBuffer());
      let parsed: ReturnType<typeof parseLarkRequest>;
      try {
        parsed = parseLarkRequest(
          {
            rawBody,
            header: (name) => c.req.header(name),
            nowMs: deps.clock.now(),
            ...(deps.toleranceSec !== undefined ? { toleranceSec: deps.toleranceSec } : {}),
          },
          deps.secrets,
        );
      } catch (err) {
        if (!(err instanceof LarkRequestError)) throw err;
        logger.warn({ code: err.code, reason: err.message }, 'lark webhook refused');
        return c.json({ error: err.code }, err.status);
      }
      if (parsed.kind === 'challenge') return c.json({ challenge: parsed.challenge });
      if (parsed.kind === 'event_v1') {
        logger.debug(
          { uuid: parsed.envelope.uuid, type: parsed.envelope.event?.type },
          'schema 1.0 lark event acknowledged and ignored',
        );
        return c.json({});
      }
      const { envelope } = parsed;
      const { event_id: eventId, event_type: eventType } = envelope.header;
      if (eventType === 'card.action.trigger') return c.json(await deps.cardAction(envelope));
      if (eventType !== 'im.message.receive_v1') {
        logger.debug({ eventId, eventType }, 'lark event type not handled; acknowledged');
        return c.json({});
      }
      // The verification token is a secret: checked above, never stored.
      const { token: _token, ...header } = envelope.header;
      // Lark re-sends one message under a new event_id now and then: the message id dedupes too.
      const messageId = (envelope.event as { message?: { message_id?: unknown } } | undefined)?.message?.message_id;
      const fresh = await deps.inbox.accept({
        channel: 'lark',
        eventId,
        payload: { ...envelope, header },
        receivedAt: deps.clock.now(),
        ...(typeof messageId === 'string' && messageId ? { dedupeKey: messageId } : {}),
        ...(deps.lease === false ? { lease: false } : {}),
      });
      if (fresh) deps.dispatch(eventId, envelope);
      else logger.debug({ eventId }, 'lark event retried; already accepted');
      return c.json({});
    },
  );
  return app;
}
