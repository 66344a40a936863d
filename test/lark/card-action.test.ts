import { afterEach, describe, expect, it } from 'vitest';
import { CARD_ACTION_TEXT } from '../../src/channels/lark/handle-card-action.js';
import { VOTE_TOASTS } from '../../src/channels/lark/vote-action.js';
import { cardActionEvent } from '../fakes/lark/build-delivery.js';
import { type Harness, startLarkHarness, USER, VERIFY_TOKEN } from './harness.js';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

interface CardButton {
  tag: string;
  behaviors?: { type: string; value: Record<string, string> }[];
}

/** The callback values of every button in a sent card. */
function buttonValues(card: unknown): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      const b = n as CardButton & Record<string, unknown>;
      if (b.tag === 'button') out.push(...(b.behaviors ?? []).map((x) => x.value));
      walk(b.elements);
      walk(b.columns);
      walk((b.body as { elements?: unknown } | undefined)?.elements);
    }
  };
  walk(card);
  return out;
}

describe('card.action.trigger', () => {
  it('a 👎 on an answer card is recorded as a vote linked to the reply, answered with a toast', async () => {
    h = await startLarkHarness();
    const ev = h.message({ eventId: 'ev-q', text: '吹风机怎么卖' });
    await h.deliver(ev);
    await h.channel.idle();
    const [card] = h.fake.messages;
    const down = buttonValues(card!.content).find((v) => v.vote === 'down')!;
    const [question] = await h.services.crm.listInteractions({});
    expect(down).toEqual({ action: 'vote', reply_id: question!.replyId, vote: 'down' });

    const t0 = Date.now();
    const res = await h.deliver(
      cardActionEvent({
        eventId: 'cb-1',
        token: VERIFY_TOKEN,
        operatorOpenId: USER,
        value: down,
        messageId: card!.messageId,
        chatId: card!.chatId,
      }),
    );
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ toast: { type: 'success', content: VOTE_TOASTS.down } });
    const votes = (await h.services.crm.listInteractions({})).filter((r) => r.kind === 'vote');
    expect(votes).toEqual([
      expect.objectContaining({
        kind: 'vote',
        replyId: question!.replyId,
        vote: 'down',
        userId: USER,
        channel: 'lark',
        chatId: card!.chatId,
      }),
    ]);
  });

  it('a tie asks which one with buttons; pressing one answers for that product in place of the card, logged once', async () => {
    h = await startLarkHarness();
    await h.deliver(h.message({ eventId: 'ev-tie', text: '智能手表续航多久' }));
    await h.channel.idle();
    const [card] = h.fake.messages;
    const choices = buttonValues(card!.content).filter((v) => v.action === 'clarify');
    expect(choices.length).toBeGreaterThanOrEqual(2);
    const pick = choices[1]!;
    const press = () =>
      h.deliver(
        cardActionEvent({
          eventId: 'cb-tie',
          token: VERIFY_TOKEN,
          operatorOpenId: USER,
          value: pick,
          messageId: card!.messageId,
          chatId: card!.chatId,
        }),
      );
    const res = await press();
    expect(res.status).toBe(200);
    const body = (await res.json()) as { card: { type: string; data: unknown } };
    expect(body.card.type).toBe('raw');
    const shown = JSON.stringify(body.card.data);
    // The answer names the chosen product and cites its sheet, not the clarifying question.
    const chosenName = pick.text!.split(' ')[0]!;
    expect(shown).toContain(chosenName);
    expect(shown).not.toContain('你问的是哪一款');
    // A re-delivered press (Lark retries callbacks) is logged once.
    await press();
    const logged = (await h.services.crm.listInteractions({})).filter((r) => r.id === 'clarify_cb-tie');
    expect(logged).toHaveLength(1);
    expect(logged[0]!.declined).toBe(false);
  });

  it('other features register their own actions (quiz) and may replace the card', async () => {
    h = await startLarkHarness({ engine: 'scripted' });
    const seen: unknown[] = [];
    h.services.cardActions!.register('quiz_answer', async (a) => {
      seen.push(a);
      return {
        toast: { type: 'info', text: '答对了！' },
        card: {
          id: 'r_q',
          intent: 'quiz_answer',
          title: '第 1 题',
          blocks: [{ kind: 'quiz', title: '结果', lines: ['正确'] }],
          text: '正确',
          products: [],
          sources: [],
          mode: 'structured',
          declined: false,
          latencyMs: 0,
        },
      };
    });
    expect(h.channel.cardActions).toBe(h.services.cardActions);
    const res = await h.deliver(
      cardActionEvent({
        eventId: 'cb-q',
        token: VERIFY_TOKEN,
        operatorOpenId: USER,
        value: { action: 'quiz_answer', quiz: 'q1', option: 'B' },
        messageId: 'om_card',
        chatId: 'oc_g',
      }),
    );
    const body = (await res.json()) as { toast: unknown; card: { type: string; data: { schema: string } } };
    expect(body.toast).toEqual({ type: 'info', content: '答对了！' });
    expect(body.card.type).toBe('raw');
    expect(body.card.data.schema).toBe('2.0');
    expect(seen).toEqual([
      expect.objectContaining({
        action: 'quiz_answer',
        userId: USER,
        chatId: 'oc_g',
        messageId: 'om_card',
        eventId: 'cb-q',
        value: { action: 'quiz_answer', quiz: 'q1', option: 'B' },
      }),
    ]);
  });

  it('unknown actions get {}; a failing handler gets an error toast; a slow one a timeout toast within 3 s', async () => {
    h = await startLarkHarness({ engine: 'scripted' });
    const deliver = (value: unknown, id: string) =>
      h.deliver(
        cardActionEvent({
          eventId: id,
          token: VERIFY_TOKEN,
          operatorOpenId: USER,
          value,
          messageId: 'om_x',
          chatId: 'oc_x',
        }),
      );
    expect(await (await deliver({ action: 'nobody' }, 'cb-a')).json()).toEqual({});
    h.services.cardActions!.register('boom', () => {
      throw new Error('boom');
    });
    expect(await (await deliver({ action: 'boom' }, 'cb-b')).json()).toEqual({
      toast: { type: 'error', content: CARD_ACTION_TEXT.failed },
    });
    h.services.cardActions!.register('slow', () => new Promise(() => {}));
    const t0 = Date.now();
    expect(await (await deliver({ action: 'slow' }, 'cb-c')).json()).toEqual({
      toast: { type: 'warning', content: CARD_ACTION_TEXT.slow },
    });
    expect(Date.now() - t0).toBeLessThan(3000);
  });

  it('a card callback with a forged signature is refused and records nothing', async () => {
    h = await startLarkHarness({ engine: 'scripted' });
    const ev = cardActionEvent({
      eventId: 'cb-f',
      token: VERIFY_TOKEN,
      operatorOpenId: USER,
      value: { action: 'vote', reply_id: 'r_1', vote: 'up' },
      messageId: 'om_x',
      chatId: 'oc_x',
    });
    const res = await h.deliver(ev, { encryptKey: 'not-our-key' });
    expect(res.status).toBe(401);
    expect(await h.services.crm.listInteractions({})).toEqual([]);
  });
});
