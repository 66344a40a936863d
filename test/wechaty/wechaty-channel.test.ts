import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldPlainText, MORE_HINT } from '../../src/core/render-text.js';

const first = (text: string) => foldPlainText(text).first;

import { inboxStatuses, settle, startWx, type WxHarness, waitUntil } from './harness.js';

describe('wechaty channel on PuppetMock, real engine', () => {
  let h: WxHarness;
  beforeAll(async () => {
    h = await startWx();
  });
  afterAll(async () => {
    await h.close();
  });

  const saidTo = (id: string) => h.botSaid.filter((s) => s.listenerId === id || s.roomId === id);
  const replyFor = (userId: string) => h.t.replies[h.t.handled.findIndex((m) => m.userId === userId)];

  it('p2p: answers in the private chat with the canonical plain text', async () => {
    const alice = h.contact('Alice');
    alice.say('不粘锅煎蛋要放油吗').to(h.me);
    await waitUntil(() => saidTo(alice.id).length === 1);
    await settle(h);
    const reply = replyFor(alice.id);
    expect(reply).toMatchObject({ intent: 'product_question', products: ['kt-nonstick-pan'] });
    expect(saidTo(alice.id).map((s) => s.text)).toEqual([first(reply!.text)]);
    expect(h.t.handled.find((m) => m.userId === alice.id)).toMatchObject({
      channel: 'wechaty',
      chatType: 'p2p',
      chatId: alice.id,
      userName: 'Alice',
      text: '不粘锅煎蛋要放油吗',
    });
  });

  it('room without a mention: stays quiet and stores nothing', async () => {
    const bob = h.contact('Bob');
    const room = h.room('门店一群', [bob]);
    const handledBefore = h.t.handled.length;
    const storedBefore = (await inboxStatuses(h)).length;
    bob.say('紫管眼霜多少钱').to(room);
    await settle(h);
    expect(saidTo(room.id)).toEqual([]);
    expect(h.t.handled.length).toBe(handledBefore);
    expect((await inboxStatuses(h)).length).toBe(storedBefore);
  });

  it('room with a mention: answers in the room @-mentioning the asker; the mention is not part of the question', async () => {
    const carol = h.contact('Carol');
    const room = h.room('门店二群', [carol]);
    carol.say('@导购助手 紫管眼霜跟隔壁那款比咋样', [h.me]).to(room);
    await waitUntil(() => saidTo(room.id).length === 1);
    await settle(h);
    const reply = replyFor(carol.id);
    expect(reply?.intent).toBe('competitor_compare');
    expect(saidTo(room.id).map((s) => s.text)).toEqual([`@Carol ${first(reply!.text)}`]);
    expect(h.t.handled.find((m) => m.userId === carol.id)).toMatchObject({
      chatType: 'group',
      chatId: room.id,
      text: '紫管眼霜跟隔壁那款比咋样',
    });
  });

  it('long answer in a room: the first screen @-mentions the asker with 回复 1 看更多; 1 sends the rest', async () => {
    const dave = h.contact('Dave');
    const room = h.room('门店三群', [dave]);
    dave.say('@导购助手 顾客说包装破了要退货', [h.me]).to(room);
    await waitUntil(() => saidTo(room.id).length >= 1);
    await settle(h);
    const folded = foldPlainText(replyFor(dave.id)!.text);
    expect(folded.more).toBeTruthy();
    expect(saidTo(room.id).map((s) => s.text)).toEqual([`@Dave ${folded.first}`]);
    expect(folded.first).toContain(MORE_HINT);
    dave.say('@导购助手 1', [h.me]).to(room);
    await waitUntil(() => saidTo(room.id).length >= 2);
    await settle(h);
    expect(saidTo(room.id)[1]!.text).toBe(`@Dave ${folded.more}`);
  });

  it('a feedback report (反馈：…) in plain text files a ticket and is acknowledged', async () => {
    const erin = h.contact('Erin');
    erin.say('反馈：顾客说蓝罐面霜用了三天脸发红').to(h.me);
    await waitUntil(() => saidTo(erin.id).length === 1);
    expect(saidTo(erin.id)[0]!.text).toMatch(/已登记反馈 #\d+/);
    const logged = await h.t.services.crm.listInteractions({ userId: erin.id });
    expect(logged.map((r) => [r.channel, r.kind, r.intent])).toEqual([['wechaty', 'feedback', 'feedback_report']]);
  });

  it('a quiz answer in plain text (1A 2C 3B) reaches the assistant verbatim', async () => {
    const frank = h.contact('Frank');
    frank.say('1A 2C 3B').to(h.me);
    await waitUntil(() => h.t.handled.some((m) => m.userId === frank.id));
    await settle(h);
    expect(h.t.handled.find((m) => m.userId === frank.id)?.text).toBe('1A 2C 3B');
    expect(saidTo(frank.id).map((s) => s.text)).toEqual(replyFor(frank.id) ? [first(replyFor(frank.id)!.text)] : []);
  });

  it("the bot's own messages (including its replies) are ignored", async () => {
    const gina = h.contact('Gina');
    const before = h.t.handled.length;
    h.me.say('紫管眼霜多少钱').to(gina);
    await settle(h);
    expect(h.t.handled.length).toBe(before);
    expect(saidTo(gina.id)).toHaveLength(1); // only the message above, no answer to itself
  });

  it('a re-delivered message (same id) is not answered twice', async () => {
    const hank = h.contact('Hank');
    hank.say('小金罐多少钱').to(h.me);
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
      ivy.say('不粘锅煎蛋要放油吗').to(h.me);
      await waitUntil(() => h.botSaid.length === 1);
      const oldId = h.t.handled[0]!.eventId;

      await h.puppet.logout();
      await waitUntil(() => h.logs.includes('wechaty restarted; waiting for login'));
      expect(h.logs).toContain('wechaty logged out; restarting unless the puppet asks for a new login');
      h.mocker.login(h.me);
      await waitUntil(() => h.channel.bot()?.isLoggedIn === true);

      // The puppet re-delivers what it saw before the drop, then a new message arrives.
      h.puppet.emit('message', { messageId: oldId });
      ivy.say('小金罐多少钱').to(h.me);
      await waitUntil(() => h.botSaid.length === 2);
      await settle(h, 300);
      expect(h.t.handled.map((m) => m.text)).toEqual(['不粘锅煎蛋要放油吗', '小金罐多少钱']);
      expect(h.botSaid.map((s) => s.text)).toEqual(h.t.replies.map((r) => first(r!.text)));
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
      jack.say('不粘锅煎蛋要放油吗').to(h.me);
      await waitUntil(async () => (await inboxStatuses(h)).length === 1);
      await h.puppet.logout();
      await waitUntil(() => h.logs.includes('wechaty restarted; waiting for login'));
      release();
      await new Promise((r) => setTimeout(r, 100));
      expect(h.botSaid).toHaveLength(0);
      h.mocker.login(h.me);
      await waitUntil(() => h.botSaid.length === 1);
      expect(h.botSaid[0]!.text).toBe(first(h.t.replies[0]!.text));
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
        const at = t.services.clock.now() - 120_000;
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
            text: '不粘锅煎蛋要放油吗',
            messageId: 'msg-before-crash',
            addressedToBot: true,
            sentAt: at,
          },
          receivedAt: at,
        });
      },
    });
    try {
      await waitUntil(() => h.botSaid.length === 1);
      expect(h.botSaid[0]).toMatchObject({ listenerId: kate, text: first(h.t.replies[0]!.text) });
      expect(h.t.replies[0]?.products).toEqual(['kt-nonstick-pan']);
      await h.channel.idle();
      expect(await inboxStatuses(h)).toEqual(['done']);
      expect(await h.channel.sweep()).toBe(0);
    } finally {
      await h.close();
    }
  });
});
