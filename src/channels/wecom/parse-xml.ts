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
  if (XMLValidator.validate(text) !== true) {
    throw new WecomCallbackError('WECOM_BAD_XML', 400, 'body is not well-formed XML');
  }
  const doc = parser.parse(text) as Record<string, unknown>;
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
