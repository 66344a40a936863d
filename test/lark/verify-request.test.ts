import { describe, expect, it } from 'vitest';
import { decryptLarkPayload } from '../../src/channels/lark/decrypt-event.js';
import { LarkRequestError } from '../../src/channels/lark/errors.js';
import { parseLarkRequest } from '../../src/channels/lark/parse-request.js';
import { computeLarkSignature, verifyLarkSignature } from '../../src/channels/lark/verify-signature.js';
import { buildDelivery, challengeEvent, larkEncrypt } from '../fakes/lark/build-delivery.js';
import { loadEncryptVectors } from '../fixtures/lark/load-fixture.js';

const enc = new TextEncoder();
const NOW = 1_700_000_000_000;

function refusal(fn: () => unknown): LarkRequestError {
  try {
    fn();
  } catch (err) {
    if (err instanceof LarkRequestError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('decryptLarkPayload (official vectors)', () => {
  it('decrypts the official doc sample and the SDK challenge vector', () => {
    const vectors = loadEncryptVectors();
    expect(vectors).toHaveLength(2);
    for (const v of vectors) expect(decryptLarkPayload(v.encrypt, v.key)).toBe(v.plaintext);
  });

  it('refuses ciphertext of the wrong length or key', () => {
    expect(refusal(() => decryptLarkPayload('aGVsbG8=', 'k')).code).toBe('LARK_DECRYPT_FAILED');
    const [v] = loadEncryptVectors();
    expect(refusal(() => decryptLarkPayload(v!.encrypt, 'another key')).code).toBe('LARK_DECRYPT_FAILED');
  });
});

describe('verifyLarkSignature (pure, injectable clock)', () => {
  const body = enc.encode('{"encrypt":"P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk="}');

  it('matches the derived example from the platform notes', () => {
    expect(computeLarkSignature('1700000000', 'nonce', 'test key', body)).toBe(
      '20f0b32d8b1a0744b1608bcfcf23584190cd720f9bd706adde9047c85ffb47ee',
    );
    const signature = '20f0b32d8b1a0744b1608bcfcf23584190cd720f9bd706adde9047c85ffb47ee';
    expect(() =>
      verifyLarkSignature({
        rawBody: body,
        timestamp: '1700000000',
        nonce: 'nonce',
        signature,
        encryptKey: 'test key',
        nowMs: NOW,
      }),
    ).not.toThrow();
  });

  it('hashes the raw bytes: the same JSON with other whitespace fails', () => {
    const signature = computeLarkSignature('1700000000', 'nonce', 'test key', body);
    const reformatted = enc.encode('{ "encrypt": "P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=" }');
    const err = refusal(() =>
      verifyLarkSignature({
        rawBody: reformatted,
        timestamp: '1700000000',
        nonce: 'nonce',
        signature,
        encryptKey: 'test key',
        nowMs: NOW,
      }),
    );
    expect(err.code).toBe('LARK_BAD_SIGNATURE');
    expect(err.status).toBe(401);
  });

  it('refuses timestamps more than 300 s in the past or future, accepts the edge', () => {
    const sign = (ts: string) => computeLarkSignature(ts, 'n', 'k', body);
    const check = (ts: number) => () =>
      verifyLarkSignature({
        rawBody: body,
        timestamp: String(ts),
        nonce: 'n',
        signature: sign(String(ts)),
        encryptKey: 'k',
        nowMs: NOW,
      });
    const nowS = NOW / 1000;
    expect(check(nowS - 300)).not.toThrow();
    expect(check(nowS + 300)).not.toThrow();
    expect(refusal(check(nowS - 301)).code).toBe('LARK_STALE_TIMESTAMP');
    expect(refusal(check(nowS + 301)).code).toBe('LARK_STALE_TIMESTAMP');
  });

  it('refuses missing headers and malformed signatures', () => {
    const base = { rawBody: body, timestamp: '1700000000', nonce: 'n', encryptKey: 'k', nowMs: NOW };
    expect(refusal(() => verifyLarkSignature({ ...base, signature: undefined })).code).toBe('LARK_MISSING_SIGNATURE');
    expect(refusal(() => verifyLarkSignature({ ...base, signature: 'abc' })).code).toBe('LARK_BAD_SIGNATURE');
  });
});

describe('parseLarkRequest', () => {
  const secrets = { encryptKey: 'k1', verificationToken: 'tok' };
  const input = (d: { body: string; headers: Record<string, string> }) => ({
    rawBody: enc.encode(d.body),
    header: (n: string) => d.headers[n],
    nowMs: NOW,
  });

  it('answers an unsigned encrypted URL check, but refuses an unsigned event', () => {
    const d = buildDelivery(challengeEvent('c-1', 'tok'), {
      encryptKey: 'k1',
      timestampSec: NOW / 1000,
      unsigned: true,
    });
    expect(parseLarkRequest(input(d), secrets)).toEqual({ kind: 'challenge', challenge: 'c-1' });
    const ev = buildDelivery(
      { schema: '2.0', header: { event_id: 'e1', event_type: 'x', token: 'tok' }, event: {} },
      {
        encryptKey: 'k1',
        timestampSec: NOW / 1000,
        unsigned: true,
      },
    );
    expect(refusal(() => parseLarkRequest(input(ev), secrets)).code).toBe('LARK_MISSING_SIGNATURE');
  });

  it('checks the token of schema 2.0 (header.token) and tolerates schema 1.0 (token)', () => {
    const v2 = (token: string) =>
      buildDelivery(
        { schema: '2.0', header: { event_id: 'e1', event_type: 'x', token }, event: {} },
        { encryptKey: 'k1', timestampSec: NOW / 1000 },
      );
    expect(parseLarkRequest(input(v2('tok')), secrets).kind).toBe('event');
    expect(refusal(() => parseLarkRequest(input(v2('bad')), secrets)).status).toBe(403);
    const v1 = (token: string) =>
      buildDelivery(
        { uuid: 'u1', token, ts: '1', type: 'event_callback', event: { type: 'message' } },
        { encryptKey: 'k1', timestampSec: NOW / 1000 },
      );
    expect(parseLarkRequest(input(v1('tok')), secrets).kind).toBe('event_v1');
    expect(refusal(() => parseLarkRequest(input(v1('bad')), secrets)).code).toBe('LARK_BAD_TOKEN');
  });

  it('refuses plain bodies when a key is set, and encrypted ones when none is', () => {
    const plain = buildDelivery(challengeEvent('c', 'tok'), { timestampSec: NOW / 1000 });
    expect(refusal(() => parseLarkRequest(input(plain), secrets)).code).toBe('LARK_NOT_ENCRYPTED');
    const encrypted = { body: JSON.stringify({ encrypt: larkEncrypt('{}', 'k1') }), headers: {} };
    expect(refusal(() => parseLarkRequest(input(encrypted), { verificationToken: 'tok' })).code).toBe(
      'LARK_NO_ENCRYPT_KEY',
    );
  });

  it('without an encrypt key still checks the verification token', () => {
    const d = buildDelivery(challengeEvent('c', 'wrong'), { timestampSec: NOW / 1000 });
    expect(refusal(() => parseLarkRequest(input(d), { verificationToken: 'tok' })).code).toBe('LARK_BAD_TOKEN');
  });
});
