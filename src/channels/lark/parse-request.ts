import { decryptLarkPayload } from './decrypt-event.js';
import { challengeSchema, type EnvelopeV1, type EnvelopeV2, envelopeV1Schema, envelopeV2Schema } from './envelope.js';
import { LarkRequestError } from './errors.js';
import { safeEqual, verifyLarkSignature } from './verify-signature.js';

export interface LarkSecrets {
  encryptKey?: string;
  verificationToken?: string;
}

export interface LarkRequestInput {
  rawBody: Uint8Array;
  /** Lower-case header lookup. */
  header(name: string): string | undefined;
  nowMs: number;
  toleranceSec?: number;
}

/** What a verified webhook request turned out to be. */
export type ParsedLarkRequest =
  | { kind: 'challenge'; challenge: string }
  | { kind: 'event'; envelope: EnvelopeV2 }
  | { kind: 'event_v1'; envelope: EnvelopeV1 };

const decoder = new TextDecoder('utf-8', { fatal: true });

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new LarkRequestError('LARK_BAD_JSON', 400, `${what} is not JSON`);
  }
}

function checkToken(given: string | undefined, secrets: LarkSecrets): void {
  if (secrets.verificationToken === undefined) return;
  if (given === undefined || !safeEqual(given, secrets.verificationToken)) {
    throw new LarkRequestError('LARK_BAD_TOKEN', 403, 'verification token does not match LARK_VERIFICATION_TOKEN');
  }
}

/**
 * Verifies and decodes one webhook request from its raw bytes. With an encrypt key the
 * signature is checked over the raw body first (URL checks carry no signature and are
 * accepted only when they decrypt to a url_verification), then `encrypt` is decrypted.
 * The verification token is checked for every kind. Pure apart from `nowMs`.
 */
export function parseLarkRequest(input: LarkRequestInput, secrets: LarkSecrets): ParsedLarkRequest {
  const signature = input.header('x-lark-signature');
  // A signed request is verified on its raw bytes before anything in it is decoded or parsed.
  if (secrets.encryptKey && signature !== undefined) {
    verifyLarkSignature({
      rawBody: input.rawBody,
      timestamp: input.header('x-lark-request-timestamp'),
      nonce: input.header('x-lark-request-nonce'),
      signature,
      encryptKey: secrets.encryptKey,
      nowMs: input.nowMs,
      ...(input.toleranceSec !== undefined ? { toleranceSec: input.toleranceSec } : {}),
    });
  }
  let text: string;
  try {
    text = decoder.decode(input.rawBody);
  } catch {
    throw new LarkRequestError('LARK_BAD_JSON', 400, 'body is not UTF-8');
  }
  const outer = parseJson(text, 'body');
  if (typeof outer !== 'object' || outer === null || Array.isArray(outer)) {
    throw new LarkRequestError('LARK_BAD_SHAPE', 400, 'body is not a JSON object');
  }
  const encrypt = (outer as { encrypt?: unknown }).encrypt;
  let body: unknown = outer;
  if (secrets.encryptKey) {
    if (typeof encrypt !== 'string') {
      throw new LarkRequestError('LARK_NOT_ENCRYPTED', 400, 'LARK_ENCRYPT_KEY is set but the body is not encrypted');
    }
    body = parseJson(decryptLarkPayload(encrypt, secrets.encryptKey), 'decrypted body');
    // Only the URL check comes unsigned (larksuite/node-sdk#67); anything else must be signed.
    if (signature === undefined && (body as { type?: unknown })?.type !== 'url_verification') {
      throw new LarkRequestError('LARK_MISSING_SIGNATURE', 401, 'event without X-Lark-Signature');
    }
  } else if (typeof encrypt === 'string') {
    throw new LarkRequestError('LARK_NO_ENCRYPT_KEY', 400, 'body is encrypted but LARK_ENCRYPT_KEY is not set');
  }

  const challenge = challengeSchema.safeParse(body);
  if (challenge.success) {
    checkToken(challenge.data.token, secrets);
    return { kind: 'challenge', challenge: challenge.data.challenge };
  }
  const v2 = envelopeV2Schema.safeParse(body);
  if (v2.success) {
    checkToken(v2.data.header.token, secrets);
    return { kind: 'event', envelope: v2.data };
  }
  const v1 = envelopeV1Schema.safeParse(body);
  if (v1.success) {
    checkToken(v1.data.token, secrets);
    return { kind: 'event_v1', envelope: v1.data };
  }
  throw new LarkRequestError('LARK_BAD_SHAPE', 400, 'body is neither a url_verification nor a schema 1.0/2.0 event');
}
