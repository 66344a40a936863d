import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { WecomCallbackError } from './wecom-errors.js';

const parser = new XMLParser({
  // Keep every value a string: MsgId values exceed Number.MAX_SAFE_INTEGER. Entity processing
  // only expands the five predefined XML entities, since DOCTYPE declarations are refused.
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreAttributes: true,
  processEntities: true,
  htmlEntities: false,
  trimValues: false,
});

/**
 * Parses a WeCom `<xml>…</xml>` document into its top-level fields (all strings). Documents
 * with a DOCTYPE or ENTITY declaration are refused outright (WECOM_XML_ENTITY) — WeCom never
 * sends them, and they are the vehicle for entity-expansion and XXE attacks. Anything that
 * is not well-formed XML with an `<xml>` root is WECOM_BAD_XML. Both are 400.
 */
export function parseWecomXml(text: string): Record<string, string> {
  const upper = text.toUpperCase();
  if (upper.includes('<!DOCTYPE') || upper.includes('<!ENTITY')) {
    throw new WecomCallbackError('WECOM_XML_ENTITY', 400, 'XML with DOCTYPE/ENTITY declarations is not accepted');
  }
  let doc: Record<string, unknown>;
  try {
    if (XMLValidator.validate(text) !== true) throw new Error('not well-formed');
    doc = parser.parse(text) as Record<string, unknown>;
  } catch (err) {
    // Whatever the parser objects to (prototype keys, nesting, bad syntax) is the sender's error.
    throw new WecomCallbackError(
      'WECOM_BAD_XML',
      400,
      `body is not acceptable XML (${(err as Error).message.slice(0, 80)})`,
    );
  }
  const root = doc.xml;
  if (!root || typeof root !== 'object' || Array.isArray(root)) {
    throw new WecomCallbackError('WECOM_BAD_XML', 400, 'XML has no <xml> root element');
  }
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(root as Record<string, unknown>)) {
    if (typeof v === 'string') fields[k] = v;
  }
  return fields;
}

/** `<Encrypt>` with its value in CDATA or as plain text (base64 has no `<`, `]` or `&`). */
const ENCRYPT = /<Encrypt>\s*(?:<!\[CDATA\[([A-Za-z0-9+/=\s]*)\]\]>|([A-Za-z0-9+/=\s]*))\s*<\/Encrypt>/;
/** A WeCom ciphertext is at most a few KB of base64; the route's body limit caps it anyway. */
const MAX_ENCRYPT_CHARS = 48 * 1024;

/**
 * Finds the `<Encrypt>` value of a callback body without parsing the (unsigned) document:
 * the signature is checked on this value first, and only a decrypted, signed payload is
 * parsed. Throws WECOM_BAD_XML (400) when there is no well-formed `<Encrypt>` element.
 */
export function extractEncrypt(body: string): string {
  const m = ENCRYPT.exec(body);
  const value = (m?.[1] ?? m?.[2] ?? '').trim();
  if (!value || value.length > MAX_ENCRYPT_CHARS) {
    throw new WecomCallbackError('WECOM_BAD_XML', 400, 'body has no <Encrypt> element with a base64 value');
  }
  return value;
}
