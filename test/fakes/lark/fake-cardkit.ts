import type { FakeCard, FakeLark } from './fake-types.js';
import { findElement, isRejection, parseJsonString, validateCard } from './validate-content.js';

type Out = { status: number; body: Record<string, unknown> };

const err = (code: number, msg: string): Out => ({ status: 400, body: { code, msg } });
const ok = (data: Record<string, unknown> = {}): Out => ({ status: 200, body: { code: 0, msg: 'success', data } });

let nextId = 7_371_713_483_664_506_900n;

/** Parses and validates a `card_json` string (CardKit only takes JSON 2.0). */
function parseCardJson(type: unknown, data: unknown): Record<string, unknown> | Out {
  if (type !== 'card_json') return err(10002, 'Your request contains an invalid request parameter: type');
  const parsed = parseJsonString(data);
  if (isRejection(parsed)) return err(300307, 'The card DSL is empty or not JSON');
  if ((parsed as { schema?: unknown })?.schema !== '2.0')
    return err(200220, 'Failed to generate card content: CardKit needs JSON 2.0');
  const rejected = validateCard(parsed, Buffer.byteLength(data as string, 'utf8'), 200860);
  if (rejected) return err(rejected.code, rejected.msg);
  return parsed as Record<string, unknown>;
}

/** The sequence rule: strictly increasing per card entity, positive int32. */
function checkSequence(card: FakeCard, sequence: unknown): Out | undefined {
  if (typeof sequence !== 'number' || !Number.isInteger(sequence) || sequence < 1 || sequence > 2_147_483_647) {
    return err(10002, 'Your request contains an invalid request parameter: sequence');
  }
  if (sequence <= card.sequence) {
    return err(300317, 'The sequence number for operating on the card did not increment consecutively');
  }
  return undefined;
}

/**
 * CardKit v1: create a card entity, stream element text, change settings, replace the
 * card. Enforces JSON 2.0, the 30 KB size (200860), streaming mode for text updates
 * (300309), text-only elements (300310), strictly increasing `sequence` (300317) and at
 * most `perCardLimit` operations per second on one card (answered as the gateway limit).
 */
export function handleCardkit(
  fake: FakeLark,
  method: string,
  path: string,
  body: Record<string, unknown>,
  perCardLimit: number,
): Out {
  if (method === 'POST' && path === '/open-apis/cardkit/v1/cards') {
    const card = parseCardJson(body.type, body.data);
    if ('status' in card && 'body' in card) return card as Out;
    const cardId = String(nextId++);
    const config = (card.config ?? {}) as { streaming_mode?: unknown };
    fake.cards.set(cardId, {
      cardId,
      card,
      sequence: 0,
      streaming: config.streaming_mode === true,
      sent: false,
      ops: [],
      opTimes: [],
    });
    return ok({ card_id: cardId });
  }
  const m = /^\/open-apis\/cardkit\/v1\/cards\/(\d+)(\/settings|\/elements\/([^/]+)\/content)?$/.exec(path);
  if (!m) return { status: 404, body: { code: 404, msg: '404 page not found' } };
  const card = fake.cards.get(m[1]!);
  if (!card) return err(200740, 'The card entity does not exist');
  const now = Date.now();
  card.opTimes = card.opTimes.filter((t) => now - t < 1000);
  if (card.opTimes.length >= perCardLimit)
    return { status: 429, body: { code: 99991400, msg: 'request trigger frequency limit' } };
  card.opTimes.push(now);
  const badSeq = checkSequence(card, body.sequence);
  if (badSeq) return badSeq;
  const sequence = body.sequence as number;

  if (method === 'PUT' && m[3]) {
    if (!card.streaming) return err(300309, 'Card streaming closed');
    const el = findElement(card.card, m[3]);
    if (!el) return err(10002, `Your request contains an invalid request parameter: element ${m[3]} not found`);
    if (el.tag !== 'markdown' && el.tag !== 'plain_text') return err(300310, 'Only update text');
    if (typeof body.content !== 'string' || body.content.length < 1 || body.content.length > 100_000) {
      return err(10002, 'Your request contains an invalid request parameter: content');
    }
    el.content = body.content;
    card.sequence = sequence;
    card.ops.push({ op: 'content', sequence, elementId: m[3], content: body.content, at: now });
    return ok();
  }
  if (method === 'PATCH' && m[2] === '/settings') {
    const settings = parseJsonString(body.settings);
    if (isRejection(settings)) return err(10002, 'Your request contains an invalid request parameter: settings');
    const config = (settings as { config?: Record<string, unknown> }).config ?? {};
    if (config.update_multi === false) return err(300302, 'update_multi property is false');
    card.card.config = { ...(card.card.config as object), ...config };
    if ('streaming_mode' in config) card.streaming = config.streaming_mode === true;
    card.sequence = sequence;
    card.ops.push({ op: 'settings', sequence, at: now });
    return ok();
  }
  if (method === 'PUT' && !m[2]) {
    const c = body.card as { type?: unknown; data?: unknown } | undefined;
    const parsed = parseCardJson(c?.type, c?.data);
    if ('status' in parsed && 'body' in parsed) return parsed as Out;
    card.card = parsed;
    card.streaming = (parsed.config as { streaming_mode?: unknown } | undefined)?.streaming_mode === true;
    card.sequence = sequence;
    card.ops.push({ op: 'update', sequence, at: now });
    return ok();
  }
  return { status: 404, body: { code: 404, msg: '404 page not found' } };
}
