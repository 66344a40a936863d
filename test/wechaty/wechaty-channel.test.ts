import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { utf8Bytes } from '../../src/channels/split-text.js';
import { inboxStatuses, settle, startWx, type WxHarness, waitUntil } from './harness.js';

describe('wechaty channel on PuppetMock', () => {
  let h: WxHarness;
  beforeAll(async () => {
    h = await startWx();
  });
  afterAll(async () => {
    await h.close();
  });

  const saidTo = (id: string) => h.botSaid.filter((s) => s.listenerId === id || s.roomId === id);

  it('p2p: answers in the private chat', async () => {
    const alice = h.contact('Alice');
    alice.say('这款手表续航多久').to(h.me);
    await waitUntil(() => saidTo(alice.id).length === 1);
    await settle(h);
    const [answer] = saidTo(alice.id);
    expect(answer!.text).toContain('你问的是：这款手表续航多久');
    expect(answer!.text).toContain('来源：dg-watch-pro2');
    const msg = h.t.handled.find((m) => m.userId === alice.id);
    expect(msg).toMatchObject({ channel: 'wechaty', chatType: 'p2p', chatId: alice.id, userName: 'Alice' });
    expect(saidTo(alice.id)).toHaveLength(1);
  });

  it('room without a mention: stays quiet and stores nothing', async () => {
    const bob = h.contact('Bob');
    const room = h.room('门店一群', [bob]);
    const before = h.t.handled.length;
    bob.say('今天客流挺多的').to(room);
    await settle(h);
    expect(saidTo(room.id)).toEqual([]);
    expect(h.t.handled.length).toBe(before);
    expect(await inboxStatuses(h)).toHaveLength(before);
  });

  it('room with a mention: answers in the room, @-mentioning the asker, mention removed from the question', async () => {
    const carol = h.contact('Carol');
    const room = h.room('门店二群', [carol]);
    carol.say('@导购助手 这款防水吗', [h.me]).to(room);
    await waitUntil(() => saidTo(room.id).length === 1);
    await settle(h);
    const [answer] = saidTo(room.id);
    expect(answer!.text.startsWith('@Carol ')).toBe(true);
    expect(answer!.text).toContain('你问的是：这款防水吗');
    expect(h.t.handled.find((m) => m.userId === carol.id)).toMatchObject({
      chatType: 'group',
      chatId: room.id,
      text: '这款防水吗',
    });
  });

  it('long answer in a room: numbered parts ≤ 2048 bytes, only the first @-mentions', async () => {
    const dave = h.contact('Dave');
    const room = h.room('门店三群', [dave]);
    dave.say('@导购助手 给我长答案', [h.me]).to(room);
    await waitUntil(() => saidTo(room.id).length >= 3);
    await settle(h);
    const parts = saidTo(room.id).map((s) => s.text);
    expect(parts[0]!.startsWith('@Dave （1/')).toBe(true);
    parts.forEach((p, i) => {
      expect(utf8Bytes(p)).toBeLessThanOrEqual(2048);
      expect(p.replace(/^@Dave /, '').startsWith(`（${i + 1}/${parts.length}）`)).toBe(true);
    });
    expect(parts.slice(1).every((p) => !p.startsWith('@'))).toBe(true);
    expect(parts.at(-1)).toMatch(/来源：dg-watch-pro2#卖点$/);
    for (let i = 1; i <= 80; i++) expect(parts.filter((p) => p.includes(`（第${i}条）`)).length).toBe(1);
  });

  it('a feedback report (反馈：…) in plain text is recorded and acknowledged', async () => {
    const erin = h.contact('Erin');
    erin.say('反馈：顾客说表带太硬，戴久了不舒服').to(h.me);
    await waitUntil(() => saidTo(erin.id).length === 1);
    expect(saidTo(erin.id)[0]!.text).toContain('【反馈已记录】');
    const logged = await h.t.services.crm.listInteractions({ userId: erin.id });
    expect(logged.map((r) => [r.channel, r.kind, r.intent])).toEqual([['wechaty', 'feedback', 'feedback_report']]);
  });

  it('a quiz answer in plain text (1A 2C 3B) reaches the assistant as text', async () => {
    const frank = h.contact('Frank');
    frank.say('1A 2C 3B').to(h.me);
    await waitUntil(() => saidTo(frank.id).length === 1);
    expect(h.t.handled.find((m) => m.userId === frank.id)?.text).toBe('1A 2C 3B');
  });

  it("the bot's own messages (including its replies) are ignored", async () => {
    const gina = h.contact('Gina');
    const before = h.t.handled.length;
    h.me.say('这是机器人自己发的').to(gina);
    await settle(h);
    expect(h.t.handled.length).toBe(before);
    expect(saidTo(gina.id)).toHaveLength(1); // only the message above, no answer to itself
  });

  it('a re-delivered message (same id) is not answered twice', async () => {
    const hank = h.contact('Hank');
    hank.say('有没有白色款').to(h.me);
    await waitUntil(() => saidTo(hank.id).length === 1);
    const id = h.t.handled.find((m) => m.userId === hank.id)!.eventId;
    h.puppet.emit('message', { messageId: id });
    h.puppet.emit('message', { messageId: id });
    await settle(h, 300);
    expect(saidTo(hank.id)).toHaveLength(1);
    expect(h.t.handled.filter((m) => m.eventId === id)).toHaveLength(1);
  });
});

describe('wechaty channel across a puppet disconnect', () => {
  it('restarts after a logout, answers new messages, and does not answer old ones again', async () => {
    const h = await startWx();
    try {
      const ivy = h.contact('Ivy');
      ivy.say('第一次提问').to(h.me);
      await waitUntil(() => h.botSaid.length === 1);
      const oldId = h.t.handled[0]!.eventId;

      await h.puppet.logout();
      await waitUntil(() => h.logs.includes('wechaty restarted; waiting for login'));
      expect(h.logs).toContain('wechaty logged out; restarting to log in again');
      h.mocker.login(h.me);
      await waitUntil(() => h.channel.bot()?.isLoggedIn === true);

      // The puppet re-delivers what it saw before the drop, then a new message arrives.
      h.puppet.emit('message', { messageId: oldId });
      ivy.say('断线后再问').to(h.me);
      await waitUntil(() => h.botSaid.length === 2);
      await settle(h, 300);
      expect(h.botSaid.map((s) => s.text.match(/你问的是：(.*)/)?.[1])).toEqual(['第一次提问', '断线后再问']);
    } finally {
      await h.close();
    }
  });

  it('an answer finished while logged out is sent once the account is back', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const h = await startWx({
      wrap: (a) => ({
        services: a.services,
        handle: async (m, o) => {
          await gate;
          return a.handle(m, o);
        },
      }),
    });
    try {
      const jack = h.contact('Jack');
      jack.say('等一下再回答').to(h.me);
      await waitUntil(async () => (await inboxStatuses(h)).length === 1);
      await h.puppet.logout();
      await waitUntil(() => h.logs.includes('wechaty restarted; waiting for login'));
      release();
      await new Promise((r) => setTimeout(r, 100));
      expect(h.botSaid).toHaveLength(0);
      h.mocker.login(h.me);
      await waitUntil(() => h.botSaid.length === 1);
      expect(h.botSaid[0]!.text).toContain('你问的是：等一下再回答');
      await h.channel.idle();
      expect(await inboxStatuses(h)).toEqual(['done']);
    } finally {
      await h.close();
    }
  });
});

describe('wechaty crash recovery', () => {
  it('a message accepted before a crash but never answered is answered after the next login', async () => {
    let kate = '';
    const h = await startWx({
      beforeLogin: async (mocker, t) => {
        kate = mocker.createContact({ name: 'Kate' }).id;
        // What the previous process left behind: accepted (durable), never marked done.
        await t.services.inbox.accept({
          channel: 'wechaty',
          eventId: 'msg-before-crash',
          payload: {
            eventId: 'msg-before-crash',
            channel: 'wechaty',
            chatId: kate,
            chatType: 'p2p',
            userId: kate,
            userName: 'Kate',
            text: '崩溃前的问题',
            messageId: 'msg-before-crash',
            addressedToBot: true,
            sentAt: Date.now() - 120_000,
          },
          receivedAt: Date.now() - 120_000,
        });
      },
    });
    try {
      await waitUntil(() => h.botSaid.length === 1);
      expect(h.botSaid[0]).toMatchObject({ listenerId: kate });
      expect(h.botSaid[0]!.text).toContain('你问的是：崩溃前的问题');
      await h.channel.idle();
      expect(await inboxStatuses(h)).toEqual(['done']);
      expect(await h.channel.sweep()).toBe(0);
    } finally {
      await h.close();
    }
  });
});
