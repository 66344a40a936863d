import Bottleneck from 'bottleneck';
import type { Contact, Room, Wechaty } from 'wechaty';
import { DaogouError } from '../../core/errors.js';
import type { OutboundTarget } from '../../core/message.js';
import { foldPlainText } from '../../core/render-text.js';
import type { ChannelClient } from '../../ports/channel.js';
import { createKeyedSerializer } from '../serialize-by-key.js';
import { splitText, utf8Bytes } from '../split-text.js';

/** Longest text sent as one WeChat message. */
export const WECHAT_TEXT_MAX_BYTES = 2048;

export interface WechatyClientOptions {
  /** The running bot, or undefined while it is not started. */
  bot: () => Wechaty | undefined;
  /** Resolves once the bot is logged in (waits across a reconnect); rejects on timeout. */
  whenLoggedIn: () => Promise<void>;
  /** Pause between two messages from the account, so bursts do not look like spam to WeChat. */
  sendIntervalMs?: number;
}

/**
 * Sends through the logged-in WeChat account: the canonical plain text split into ≤ 2048-byte
 * parts; in a room the first part @-mentions the asker (wechaty prefixes `@name `, which
 * counts toward the limit).
 */
export function createWechatyClient(opts: WechatyClientOptions): ChannelClient {
  const limiter = new Bottleneck({ maxConcurrent: 1, minTime: opts.sendIntervalMs ?? 400 });
  const serial = createKeyedSerializer();

  async function ready(): Promise<Wechaty> {
    await opts.whenLoggedIn();
    const bot = opts.bot();
    if (!bot) throw new DaogouError('WECHATY_NOT_RUNNING', 'the WeChat bot is not running; call start() first');
    return bot;
  }

  async function sayInRoom(room: Room, text: string, mention: Contact[]): Promise<void> {
    const names = await Promise.all(mention.map(async (c) => `@${(await room.alias(c)) || c.name()}`));
    const prefix = names.length ? `${names.join('\u2005')} ` : '';
    const parts = splitText(text, WECHAT_TEXT_MAX_BYTES - utf8Bytes(prefix));
    for (const [i, part] of parts.entries()) {
      await limiter.schedule(() => (i === 0 && mention.length ? room.say(part, ...mention) : room.say(part)));
    }
  }

  async function sayToContact(contact: Contact, text: string): Promise<void> {
    for (const part of splitText(text, WECHAT_TEXT_MAX_BYTES)) await limiter.schedule(() => contact.say(part));
  }

  async function findContacts(bot: Wechaty, ids: string[]): Promise<Contact[]> {
    const found = await Promise.all(ids.map((id) => bot.Contact.find({ id })));
    return found.filter((c): c is Contact => c !== undefined);
  }

  async function deliver(target: OutboundTarget, text: string, roomHint: boolean | undefined): Promise<void> {
    if (!text.trim()) return;
    const bot = await ready();
    const room = roomHint === false ? undefined : await bot.Room.find({ id: target.chatId });
    if (room) {
      const mention = await findContacts(bot, target.mention ?? []);
      return serial(room.id, () => sayInRoom(room, text, mention));
    }
    const contact = await bot.Contact.find({ id: target.chatId });
    if (!contact) throw new DaogouError('WECHATY_CHAT_NOT_FOUND', `no WeChat room or contact with id ${target.chatId}`);
    return serial(contact.id, () => sayToContact(contact, text));
  }

  return {
    channel: 'wechaty',
    reply(to, reply) {
      const group = to.chatType === 'group';
      // An answer's first screen; the rest comes when the user replies 1 (the more feature).
      const { first } = foldPlainText(reply.text);
      return deliver({ channel: 'wechaty', chatId: to.chatId, mention: group ? [to.userId] : [] }, first, group);
    },
    send(target, reply) {
      return deliver(target, reply.text, undefined);
    },
  };
}
