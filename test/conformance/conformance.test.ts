import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldPlainText } from '../../src/core/render-text.js';
import type { InteractionRecord } from '../../src/ports/crm.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';
import { startWx, type WxHarness, waitUntil } from '../wechaty/harness.js';
import {
  type Backend,
  createBackend,
  type Harness,
  post,
  signedCallback,
  startHarness,
  textXml,
} from '../wecom/harness.js';

/**
 * One behaviour everywhere: the same questions through every channel reach the same engine
 * (demo pack) and come out with the same intent, sources and decline decision. HTTP is the
 * reference; WeCom and WeChat must also deliver exactly the first screen of the canonical plain
 * text (split parts rejoined; the rest follows a reply of 1). Lark joins when its test harness is present.
 */
const SCENARIOS = [
  { name: 'product question', text: '不粘锅煎蛋要放油吗', intent: 'product_question', declined: false },
  { name: 'competitor compare', text: '紫管眼霜跟隔壁那款比咋样', intent: 'competitor_compare', declined: false },
  { name: 'complaint', text: '顾客说包装破了要退货', intent: 'complaint', declined: false },
  { name: 'feedback report', text: '反馈：顾客说蓝罐面霜用了三天脸发红', intent: 'feedback_report', declined: false },
  { name: 'unanswerable', text: '戴森吸尘器V12多少钱', intent: 'product_question', declined: true },
] as const;

/** What a channel did with one question: the logged decision and the text the user saw. */
interface Outcome {
  intent: string;
  sources: string[];
  declined: boolean;
  /** The answer as delivered, split parts rejoined; undefined where the platform renders cards. */
  delivered?: string;
}

type Ask = (text: string, user: string) => Promise<Outcome>;

/** Same start time for every channel, so time-dependent text (ticket deadlines) matches. */
const START_S = Date.UTC(2026, 10, 23, 2, 0, 0) / 1000;

async function lastInteraction(records: Promise<InteractionRecord[]>): Promise<InteractionRecord> {
  const list = await records;
  const r = list.at(-1);
  if (!r) throw new Error('no interaction was logged');
  return r;
}

const decision = (r: InteractionRecord) => ({
  intent: r.intent,
  sources: r.sources.map((s) => s.id),
  declined: r.declined,
});

const unlabel = (parts: string[]) => parts.map((p) => p.replace(/^（\d+\/\d+）/, '')).join('\n');

const closers: (() => Promise<void>)[] = [];
const channels: { name: string; ask: Ask }[] = [];
const results = new Map<string, Map<string, Outcome>>();

async function httpChannel(): Promise<Ask> {
  const rt: TestRuntime = await createTestRuntime();
  closers.push(() => rt.close());
  return async (text, user) => {
    const res = await rt.http.request('/api/chat', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user, text }),
    });
    const j = (await res.json()) as { intent: string; sources: { id: string }[]; declined: boolean; answer: string };
    // An unverified HTTP caller is the guest `guest:<user>` (never a platform id).
    const logged = decision(await lastInteraction(rt.services.crm.listInteractions({ userId: `guest:${user}` })));
    expect(logged).toEqual({ intent: j.intent, sources: j.sources.map((s) => s.id), declined: j.declined });
    return { ...logged, delivered: j.answer };
  };
}

async function wecomChannel(): Promise<Ask> {
  const backend: Backend = await createBackend();
  const { VECTOR_A: v } = await import('../fixtures/wecom/vectors.js');
  const h: Harness = await startHarness(v, START_S, { backend });
  closers.push(async () => {
    await h.close();
    await backend.close();
  });
  let msgId = 5000;
  return async (text, user) => {
    const req = signedCallback(v, textXml(v.corpId, user, text, String(++msgId), START_S), START_S);
    expect((await post(h.app, req)).status).toBe(200);
    await h.channel.idle();
    const logged = decision(await lastInteraction(backend.services.crm.listInteractions({ userId: user })));
    return { ...logged, delivered: unlabel(h.fake.sent.filter((m) => m.touser === user).map((m) => m.content)) };
  };
}

async function wechatyChannel(): Promise<Ask> {
  const h: WxHarness = await startWx();
  closers.push(() => h.close());
  return async (text, user) => {
    const contact = h.contact(user);
    const seen = h.t.handled.length;
    contact.say(text).to(h.me);
    await waitUntil(() => h.t.handled.length > seen);
    await h.channel.idle();
    const logged = decision(await lastInteraction(h.t.services.crm.listInteractions({ userId: contact.id })));
    const said = h.botSaid.filter((s) => s.listenerId === contact.id).map((s) => s.text);
    return { ...logged, delivered: unlabel(said) };
  };
}

/** Lark through its own test harness (owned by the Lark channel), when it is there. */
async function larkChannel(): Promise<Ask | undefined> {
  let mod: typeof import('../lark/harness.js');
  try {
    mod = await import('../lark/harness.js');
  } catch {
    return undefined;
  }
  const h = await mod.startLarkHarness({ engine: 'real', clockMs: START_S * 1000 });
  closers.push(() => h.close());
  let n = 0;
  return async (text, user) => {
    const event = h.message({ eventId: `conf-${++n}`, text, senderOpenId: user });
    expect((await h.deliver(event)).status).toBe(200);
    await h.channel.idle();
    const logged = decision(await lastInteraction(h.services.crm.listInteractions({ userId: user })));
    const messageId = (event as { event: { message: { message_id: string } } }).event.message.message_id;
    expect(h.fake.repliesTo(messageId).length).toBeGreaterThan(0);
    return logged;
  };
}

beforeAll(async () => {
  channels.push({ name: 'http', ask: await httpChannel() });
  channels.push({ name: 'wecom', ask: await wecomChannel() });
  channels.push({ name: 'wechaty', ask: await wechatyChannel() });
  const lark = await larkChannel();
  if (lark) channels.push({ name: 'lark', ask: lark });
  for (const ch of channels) {
    const byScenario = new Map<string, Outcome>();
    let i = 0;
    for (const s of SCENARIOS) byScenario.set(s.name, await ch.ask(s.text, `conf_${ch.name}_${++i}`));
    results.set(ch.name, byScenario);
  }
}, 120_000);

afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

describe('one behaviour on every channel', () => {
  it('runs on HTTP, WeCom and WeChat (and Lark when its harness is present)', () => {
    const lark = existsSync(new URL('../lark/harness.ts', import.meta.url));
    expect(channels.map((c) => c.name)).toEqual(['http', 'wecom', 'wechaty', ...(lark ? ['lark'] : [])]);
  });

  for (const s of SCENARIOS) {
    it(`${s.name}: same intent, sources and decline decision everywhere`, () => {
      const reference = results.get('http')!.get(s.name)!;
      expect(reference.intent).toBe(s.intent);
      expect(reference.declined).toBe(s.declined);
      if (!s.declined) expect(reference.sources.length).toBeGreaterThan(0);
      for (const ch of channels) {
        const got = results.get(ch.name)!.get(s.name)!;
        expect({ channel: ch.name, ...got, delivered: undefined }).toEqual({
          channel: ch.name,
          ...reference,
          delivered: undefined,
        });
      }
    });

    it(`${s.name}: WeCom and WeChat deliver exactly the first screen of the canonical plain text`, () => {
      const reference = foldPlainText(results.get('http')!.get(s.name)!.delivered ?? '').first;
      for (const name of ['wecom', 'wechaty']) {
        expect({ name, text: results.get(name)!.get(s.name)!.delivered }).toEqual({ name, text: reference });
      }
    });
  }
});
