import type { EventEmitter } from 'node:events';
import { log } from 'wechaty';
import { mock, PuppetMock } from 'wechaty-puppet-mock';
import { createWechatyChannel, type WechatyChannel } from '../../src/channels/wechaty/create-wechaty-channel.js';
import type { Assistant } from '../../src/core/assistant.js';
import type { Logger } from '../../src/ports/logger.js';
import { createEngineAssistant, type TestAssistant } from '../fakes/wecom/test-assistant.js';

log.level('silent');

export type MockContact = ReturnType<mock.Mocker['createContact']>;
export type MockRoom = ReturnType<mock.Mocker['createRoom']>;

/** A message the bot sent, as the mock WeChat network saw it. */
export interface Seen {
  id: string;
  text: string;
  roomId?: string;
  listenerId?: string;
}

export interface WxHarness {
  mocker: mock.Mocker;
  puppet: PuppetMock;
  channel: WechatyChannel;
  t: TestAssistant;
  me: MockContact;
  /** Everything the bot said, in order. */
  botSaid: Seen[];
  logs: string[];
  contact(name: string): MockContact;
  room(topic: string, members: MockContact[]): MockRoom;
  close(): Promise<void>;
}

/** A Logger that keeps message strings, so tests can wait for lifecycle lines. */
function recordingLogger(lines: string[]): Logger {
  const rec = (o: object | string, m?: string) => void lines.push(typeof o === 'string' ? o : (m ?? ''));
  const logger: Logger = { debug: rec, info: rec, warn: rec, error: rec, child: () => logger };
  return logger;
}

/**
 * The wechaty channel on a PuppetMock (no network), logged in as 导购助手, in front of the
 * real engine on the demo pack.
 * `botSaid` records every outgoing message.
 */
export async function startWx(
  opts: {
    wrap?: (a: Assistant) => Assistant;
    loginWaitMs?: number;
    /** Runs after the bot started and before it logs in (seed contacts, inbox rows…). */
    beforeLogin?: (mocker: mock.Mocker, t: TestAssistant) => Promise<void>;
  } = {},
): Promise<WxHarness> {
  const mocker = new mock.Mocker();
  const puppet = new PuppetMock({ mocker });
  const t = await createEngineAssistant();
  const logs: string[] = [];
  const channel = createWechatyChannel({
    assistant: opts.wrap ? opts.wrap(t.assistant) : t.assistant,
    logger: recordingLogger(logs),
    puppet,
    sendIntervalMs: 0,
    reconnect: { initialMs: 20, maxMs: 200 },
    loginWaitMs: opts.loginWaitMs ?? 10_000,
    printQr: () => {},
  });
  await channel.start!();
  const me = mocker.createContact({ name: '导购助手' });
  const botSaid: Seen[] = [];
  // Everything the bot says is a message whose talker is `me`; the mock emits it on that contact.
  // (ContactMock's emitter typings come from an uninstalled package, hence the cast.)
  (me as unknown as EventEmitter).on('message', (m: { payload: Record<string, unknown> }) => {
    const p = m.payload as { id: string; talkerId: string; text?: string; roomId?: string; listenerId?: string };
    if (p.talkerId !== me.id || botSaid.some((s) => s.id === p.id)) return;
    botSaid.push({ id: p.id, text: p.text ?? '', roomId: p.roomId, listenerId: p.listenerId });
  });
  await opts.beforeLogin?.(mocker, t);
  mocker.login(me);
  await waitUntil(() => channel.bot()?.isLoggedIn === true);
  return {
    mocker,
    puppet,
    channel,
    t,
    me,
    botSaid,
    logs,
    contact: (name) => mocker.createContact({ name }),
    room: (topic, members) => mocker.createRoom({ topic, memberIdList: [me.id, ...members.map((m) => m.id)] }),
    async close() {
      await channel.stop!();
      await t.close();
    },
  };
}

/** Polls until `cond` holds (or fails after `timeoutMs`). */
export async function waitUntil(cond: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Statuses of the wechaty events in the inbox, oldest first. */
export async function inboxStatuses(h: Pick<WxHarness, 't'>): Promise<string[]> {
  const rows = await h.t.db.db
    .selectFrom('inbox_events')
    .select('status')
    .where('channel', '=', 'wechaty')
    .orderBy('received_at')
    .execute();
  return rows.map((r) => r.status);
}

/** Lets in-flight events settle, so a test can assert that nothing (more) happened. */
export async function settle(h: WxHarness, ms = 150): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
  await h.channel.idle();
}
