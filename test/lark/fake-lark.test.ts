import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeLark, startFakeLark } from '../fakes/lark/fake-lark.js';

/** The fake must refuse what the real Open API refuses, or the channel tests prove nothing. */
let fake: FakeLark;
let token: string;
beforeEach(async () => {
  fake = await startFakeLark({ appId: 'cli_x', appSecret: 's3cret' });
  const res = await call(
    'POST',
    '/open-apis/auth/v3/tenant_access_token/internal',
    { app_id: 'cli_x', app_secret: 's3cret' },
    false,
  );
  token = res.body.tenant_access_token as string;
});
afterEach(async () => {
  await fake.close();
});

async function call(method: string, path: string, body?: unknown, auth: boolean | string = true) {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (auth) headers.authorization = `Bearer ${auth === true ? token : auth}`;
  const res = await fetch(fake.url + path, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { code: number } };
}

const text = (t: string) => ({ msg_type: 'text', content: JSON.stringify({ text: t }) });

describe('fake Lark Open API protocol', () => {
  it('needs the tenant token: wrong secret, missing and unknown tokens are refused', async () => {
    expect(
      (
        await call(
          'POST',
          '/open-apis/auth/v3/tenant_access_token/internal',
          { app_id: 'cli_x', app_secret: 'no' },
          false,
        )
      ).body.code,
    ).toBe(10014);
    expect((await call('GET', '/open-apis/bot/v3/info', undefined, false)).body.code).toBe(99991661);
    expect((await call('GET', '/open-apis/bot/v3/info', undefined, 't-forged')).body.code).toBe(99991663);
    expect((await call('GET', '/open-apis/bot/v3/info')).body).toMatchObject({
      code: 0,
      bot: { open_id: fake.botOpenId },
    });
  });

  it('content must be a JSON string; text ≤ 150 KB; unknown messages cannot be replied to', async () => {
    fake.seedMessage('om_1', 'oc_1');
    expect(
      (await call('POST', '/open-apis/im/v1/messages/om_1/reply', { msg_type: 'text', content: { text: 'x' } })).body
        .code,
    ).toBe(230001);
    expect((await call('POST', '/open-apis/im/v1/messages/om_1/reply', text('x'.repeat(151 * 1024)))).body.code).toBe(
      230025,
    );
    expect((await call('POST', '/open-apis/im/v1/messages/om_nope/reply', text('x'))).status).toBe(400);
    expect(
      (await call('POST', '/open-apis/im/v1/messages?receive_id_type=chat_id', { receive_id: 'oc_1', ...text('hi') }))
        .body.code,
    ).toBe(0);
  });

  it('refuses the 6th message within a second to one chat (230020) and dedupes a uuid', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) {
      codes.push(
        (
          await call('POST', '/open-apis/im/v1/messages?receive_id_type=chat_id', {
            receive_id: 'oc_2',
            ...text(`m${i}`),
          })
        ).body.code,
      );
    }
    expect(codes).toEqual([0, 0, 0, 0, 0, 230020]);
    const a = await call('POST', '/open-apis/im/v1/messages?receive_id_type=chat_id', {
      receive_id: 'oc_3',
      ...text('once'),
      uuid: 'u-1',
    });
    const b = await call('POST', '/open-apis/im/v1/messages?receive_id_type=chat_id', {
      receive_id: 'oc_3',
      ...text('once'),
      uuid: 'u-1',
    });
    expect((b.body.data as { message_id: string }).message_id).toBe((a.body.data as { message_id: string }).message_id);
    expect(fake.messages.filter((m) => m.chatId === 'oc_3')).toHaveLength(1);
  });

  it('validates cards: element ids, component count, 30 KB', async () => {
    const send = (card: unknown) =>
      call('POST', '/open-apis/im/v1/messages?receive_id_type=chat_id', {
        receive_id: 'oc_4',
        msg_type: 'interactive',
        content: JSON.stringify(card),
      });
    const card = (elements: unknown[]) => ({ schema: '2.0', body: { elements } });
    expect((await send(card([{ tag: 'markdown', element_id: '1bad', content: 'x' }]))).body.code).toBe(230099);
    expect((await send(card(Array.from({ length: 201 }, () => ({ tag: 'hr' }))))).body.code).toBe(230099);
    expect((await send(card([{ tag: 'markdown', content: 'x'.repeat(31 * 1024) }]))).body.code).toBe(230025);
    expect((await send(card([{ tag: 'markdown', element_id: 'ok_1', content: 'x' }]))).body.code).toBe(0);
  });

  it('CardKit: strictly increasing sequence (300317), streaming-only text updates (300309), an entity is sent once', async () => {
    const created = await call('POST', '/open-apis/cardkit/v1/cards', {
      type: 'card_json',
      data: JSON.stringify({
        schema: '2.0',
        config: { streaming_mode: true },
        body: { elements: [{ tag: 'markdown', element_id: 'md', content: 'a' }] },
      }),
    });
    const id = (created.body.data as { card_id: string }).card_id;
    const put = (content: string, sequence: number) =>
      call('PUT', `/open-apis/cardkit/v1/cards/${id}/elements/md/content`, { content, sequence });
    expect((await put('ab', 1)).body.code).toBe(0);
    expect((await put('abc', 1)).body.code).toBe(300317);
    expect((await put('abc', 3)).body.code).toBe(0);
    const settings = { settings: JSON.stringify({ config: { streaming_mode: false } }), sequence: 4 };
    expect((await call('PATCH', `/open-apis/cardkit/v1/cards/${id}/settings`, settings)).body.code).toBe(0);
    expect((await put('abcd', 5)).body.code).toBe(300309);
    const ref = {
      receive_id: 'oc_5',
      msg_type: 'interactive',
      content: JSON.stringify({ type: 'card', data: { card_id: id } }),
    };
    expect((await call('POST', '/open-apis/im/v1/messages?receive_id_type=chat_id', ref)).body.code).toBe(0);
    expect((await call('POST', '/open-apis/im/v1/messages?receive_id_type=chat_id', ref)).body.code).toBe(230099);
  });

  it('answers 99991400 with HTTP 429 past the per-API rate, and pages chat members', async () => {
    const small = await startFakeLark({ appId: 'cli_x', appSecret: 's3cret', perApiLimit: 2 });
    try {
      const t = await fetch(`${small.url}/open-apis/auth/v3/tenant_access_token/internal`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ app_id: 'cli_x', app_secret: 's3cret' }),
      });
      const auth = {
        authorization: `Bearer ${((await t.json()) as { tenant_access_token: string }).tenant_access_token}`,
      };
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++)
        statuses.push((await fetch(`${small.url}/open-apis/bot/v3/info`, { headers: auth })).status);
      expect(statuses).toEqual([200, 200, 429]);
    } finally {
      await small.close();
    }
    fake.seedChat(
      'oc_m',
      Array.from({ length: 3 }, (_, i) => ({ openId: `ou_${i}`, name: `n${i}` })),
    );
    const p1 = await call('GET', '/open-apis/im/v1/chats/oc_m/members?member_id_type=open_id&page_size=2');
    const d1 = p1.body.data as { items: unknown[]; has_more: boolean; page_token: string };
    expect(d1.items).toHaveLength(2);
    expect(d1.has_more).toBe(true);
    const p2 = await call(
      'GET',
      `/open-apis/im/v1/chats/oc_m/members?member_id_type=open_id&page_size=2&page_token=${d1.page_token}`,
    );
    expect((p2.body.data as { items: unknown[]; has_more: boolean }).has_more).toBe(false);
  });
});
