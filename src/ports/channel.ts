import type { ChannelName, InboundMessage, OutboundTarget } from '../core/message.js';
import type { Reply } from '../core/reply.js';

/** A member of a chat, as the platform reports it. */
export interface ChatMember {
  userId: string;
  name?: string;
  isBot?: boolean;
}

/** Sends on one platform. Channels implement it; features reach it through the Messenger. */
export interface ChannelClient {
  readonly channel: ChannelName;
  /** Answers an inbound message (threaded reply where the platform has one). */
  reply(to: InboundMessage, reply: Reply): Promise<void>;
  /** Sends to a chat or user without an inbound message (notifications, pushes, reminders). */
  send(target: OutboundTarget, reply: Reply): Promise<void>;
  /** Lists a chat's members where the platform allows it. */
  members?(chatId: string): Promise<ChatMember[]>;
}

/** All channel clients of this process, by channel name. */
export interface Messenger {
  register(client: ChannelClient): void;
  get(channel: ChannelName): ChannelClient | undefined;
  send(target: OutboundTarget, reply: Reply): Promise<void>;
}

export function createMessenger(): Messenger {
  const clients = new Map<ChannelName, ChannelClient>();
  return {
    register(client) {
      clients.set(client.channel, client);
    },
    get: (channel) => clients.get(channel),
    async send(target, reply) {
      const client = clients.get(target.channel);
      if (!client)
        throw new Error(`No channel client registered for "${target.channel}"; enable that channel in the config`);
      await client.send(target, reply);
    },
  };
}
