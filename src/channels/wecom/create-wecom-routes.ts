import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Clock } from '../../ports/clock.js';
import type { Inbox } from '../../ports/inbox.js';
import type { Logger } from '../../ports/logger.js';
import { decryptPayload } from './decrypt-payload.js';
import { normalizeCallback, type WecomInbound } from './normalize-callback.js';
import { extractEncrypt, parseWecomXml } from './parse-xml.js';
import { checkFreshness, verifySignature } from './verify-signature.js';
import { WecomCallbackError } from './wecom-errors.js';

/** Callback bodies are a few KB (a 2048-byte text, encrypted and base64'd); anything far larger is refused. */
export const MAX_CALLBACK_BYTES = 64 * 1024;

export interface WecomCallbackSettings {
  corpId: string;
  token: string;
  aesKey: string;
}

export interface WecomRoutesDeps {
  settings: WecomCallbackSettings;
  clock: Clock;
  logger: Logger;
  inbox: Inbox;
  /** Starts processing an accepted callback after the response (tracked by the caller). */
  dispatch(inbound: WecomInbound): Promise<void>;
}

function requireParams(c: Context, names: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of names) {
    const v = c.req.query(n);
    if (!v) throw new WecomCallbackError('WECOM_MISSING_PARAM', 400, `query parameter ${n} is required`);
    // Base64 has no spaces: a '+' decoded to ' ' by a proxy is put back.
    out[n] = v.replaceAll(' ', '+');
  }
  return out;
}

/** Runs work after the response: waitUntil on Workers, a tracked promise on Node. */
function afterResponse(c: Context, work: Promise<void>): void {
  try {
    c.executionCtx.waitUntil(work);
  } catch {
    // Node has no ExecutionContext; the promise is already running and tracked.
  }
}

/**
 * The WeCom app callback, mounted at `/webhooks/wecom`. GET answers URL verification with
 * the decrypted echostr. POST verifies signature and freshness, decrypts, checks the corp id,
 * parses the inner XML, makes the event durable (deduped by MsgId), answers 200 with an empty
 * body, and processes afterwards. Every refusal is a 4xx with no side effect.
 */
export function createWecomRoutes(deps: WecomRoutesDeps): Hono {
  const { settings, logger } = deps;
  const app = new Hono();

  app.onError((err, c) => {
    if (err instanceof WecomCallbackError) {
      // A refusal is the sender's problem: one line with the code, never a stack.
      logger.warn({ code: err.code, status: err.status }, `wecom callback refused: ${err.message}`);
      return c.text('', err.status);
    }
    throw err;
  });

  app.get('/', (c) => {
    const p = requireParams(c, ['msg_signature', 'timestamp', 'nonce', 'echostr']);
    verifySignature(settings.token, {
      signature: p.msg_signature!,
      timestamp: p.timestamp!,
      nonce: p.nonce!,
      encrypted: p.echostr!,
    });
    // The same ±300 s window as a message: an old signed URL check cannot be replayed.
    checkFreshness(p.timestamp!, deps.clock.now());
    const plain = decryptPayload(settings.aesKey, settings.corpId, p.echostr!);
    logger.info('wecom callback URL verified');
    return c.text(plain);
  });

  app.post(
    '/',
    bodyLimit({
      maxSize: MAX_CALLBACK_BYTES,
      onError: (c) => {
        logger.warn({ code: 'WECOM_BODY_TOO_LARGE', status: 413 }, 'wecom callback refused: body too large');
        c.header('connection', 'close');
        return c.text('', 413);
      },
    }),
    async (c) => {
      const p = requireParams(c, ['msg_signature', 'timestamp', 'nonce']);
      // The signature covers only <Encrypt>: it is found without parsing the unsigned body,
      // so nothing an unauthenticated sender wrote reaches the XML parser.
      const encrypted = extractEncrypt(await c.req.text());
      verifySignature(settings.token, {
        signature: p.msg_signature!,
        timestamp: p.timestamp!,
        nonce: p.nonce!,
        encrypted,
      });
      checkFreshness(p.timestamp!, deps.clock.now());
      const inner = parseWecomXml(decryptPayload(settings.aesKey, settings.corpId, encrypted));
      const inbound = normalizeCallback(inner);
      const fresh = await deps.inbox.accept({
        channel: 'wecom',
        eventId: inbound.eventId,
        payload: inbound,
        receivedAt: deps.clock.now(),
      });
      if (fresh) afterResponse(c, deps.dispatch(inbound));
      else logger.info({ eventId: inbound.eventId }, 'wecom callback already seen (retry); not processed again');
      return c.body(null, 200);
    },
  );
  return app;
}
