/**
 * Message and card validation as the Lark Open API does it (documented limits and codes):
 * content is a JSON string; text ≤ 150 KB; card/post ≤ 30 KB (230025); a card JSON 2.0
 * has ≤ 200 components with unique, well-formed element_ids (230099) and update_multi true.
 */

export interface Rejection {
  code: number;
  msg: string;
}

const KB = 1024;
const ELEMENT_ID = /^[A-Za-z][A-Za-z0-9_]{0,19}$/;

export function parseJsonString(value: unknown): unknown | Rejection {
  if (typeof value !== 'string')
    return { code: 230001, msg: 'invalid request parameter: content must be a JSON string' };
  try {
    return JSON.parse(value);
  } catch {
    return { code: 230001, msg: 'invalid request parameter: content is not valid JSON' };
  }
}

export function isRejection(v: unknown): v is Rejection {
  return typeof v === 'object' && v !== null && 'code' in v && 'msg' in v && Object.keys(v).length === 2;
}

/** Counts components the way the card limit does: every tagged node except text objects. */
export function countComponents(node: unknown): number {
  if (Array.isArray(node)) return node.reduce((n: number, x) => n + countComponents(x), 0);
  if (typeof node !== 'object' || node === null) return 0;
  const o = node as Record<string, unknown>;
  let n = typeof o.tag === 'string' && o.tag !== 'plain_text' && o.tag !== 'lark_md' ? 1 : 0;
  for (const k of ['elements', 'columns']) if (k in o) n += countComponents(o[k]);
  return n;
}

function collectElementIds(node: unknown, out: string[]): void {
  if (Array.isArray(node)) {
    for (const x of node) collectElementIds(x, out);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const o = node as Record<string, unknown>;
  if (typeof o.element_id === 'string') out.push(o.element_id);
  for (const k of ['elements', 'columns']) if (k in o) collectElementIds(o[k], out);
}

/** Validates a card JSON 2.0 object; `rawBytes` is the size of its serialised form. */
export function validateCard(card: unknown, rawBytes: number, tooBigCode = 230025): Rejection | undefined {
  if (rawBytes > 30 * KB) return { code: tooBigCode, msg: 'The length of the message content reaches its limit.' };
  if (typeof card !== 'object' || card === null)
    return { code: 230099, msg: 'Failed to create card content: not an object' };
  const c = card as { schema?: unknown; config?: { update_multi?: unknown }; body?: { elements?: unknown } };
  if (c.schema !== '2.0') return undefined; // 1.0 cards are not checked here
  if (c.config?.update_multi === false) return { code: 300302, msg: 'update_multi property is false' };
  if (!Array.isArray(c.body?.elements))
    return { code: 230099, msg: 'Failed to create card content: body.elements missing' };
  if (countComponents(c.body.elements) > 200) {
    return {
      code: 230099,
      msg: 'Failed to create card content, ext=ErrCode: 11310; ErrMsg: element exceeds the limit',
    };
  }
  const ids: string[] = [];
  collectElementIds(c.body.elements, ids);
  const bad = ids.find((id) => !ELEMENT_ID.test(id));
  if (bad !== undefined) return { code: 230099, msg: `Failed to create card content: invalid element_id ${bad}` };
  if (new Set(ids).size !== ids.length)
    return { code: 230099, msg: 'Failed to create card content: duplicate element_id' };
  return undefined;
}

/** Finds the component with this element_id. */
export function findElement(card: unknown, elementId: string): Record<string, unknown> | undefined {
  const stack: unknown[] = [(card as { body?: { elements?: unknown } })?.body?.elements];
  while (stack.length) {
    const node = stack.pop();
    if (Array.isArray(node)) stack.push(...node);
    else if (typeof node === 'object' && node !== null) {
      const o = node as Record<string, unknown>;
      if (o.element_id === elementId) return o;
      stack.push(o.elements, o.columns);
    }
  }
  return undefined;
}

/**
 * Validates `content` for a msg_type. Returns the parsed content, or a rejection. For the
 * card-entity form it returns `{cardId}` so the caller can check the entity.
 */
export function validateMessage(msgType: unknown, content: unknown): { parsed: unknown; cardId?: string } | Rejection {
  const parsed = parseJsonString(content);
  if (isRejection(parsed)) return parsed;
  const bytes = Buffer.byteLength(content as string, 'utf8');
  switch (msgType) {
    case 'text': {
      if (typeof (parsed as { text?: unknown })?.text !== 'string')
        return { code: 230001, msg: 'invalid request parameter: text content needs "text"' };
      if (bytes > 150 * KB) return { code: 230025, msg: 'The length of the message content reaches its limit.' };
      return { parsed };
    }
    case 'post': {
      if (bytes > 30 * KB) return { code: 230025, msg: 'The length of the message content reaches its limit.' };
      const ok =
        typeof parsed === 'object' && parsed !== null && Object.values(parsed).some((v) => Array.isArray(v?.content));
      return ok
        ? { parsed }
        : { code: 230001, msg: 'invalid request parameter: post content needs a locale with content' };
    }
    case 'interactive': {
      const p = parsed as { type?: unknown; data?: { card_id?: unknown } };
      if (p?.type === 'card') {
        if (typeof p.data?.card_id !== 'string') return { code: 230001, msg: 'invalid request parameter: card_id' };
        return { parsed, cardId: p.data.card_id };
      }
      const rejected = validateCard(parsed, bytes);
      return rejected ?? { parsed };
    }
    case 'image':
    case 'file':
    case 'audio':
    case 'media':
    case 'sticker':
    case 'share_chat':
    case 'share_user':
      return { parsed };
    default:
      return { code: 230001, msg: `invalid request parameter: msg_type ${String(msgType)}` };
  }
}
