import type { ChannelName } from '../core/message.js';

/** A platform event as received, made durable before the platform is acknowledged. */
export interface InboxEvent {
  channel: ChannelName;
  eventId: string;
  /** The decoded (decrypted) event as JSON; enough to process it again after a crash. */
  payload: unknown;
  receivedAt: number;
}

/**
 * Durable dedupe and crash recovery for inbound events. `accept` is the "persist" of
 * persist-then-ack: when it resolves true, the event survives a restart.
 */
export interface Inbox {
  /** Stores the event unless (channel, eventId) was seen before; false for a duplicate. */
  accept(event: InboxEvent): Promise<boolean>;
  /** Marks the event processed; it will not be replayed. */
  markDone(channel: ChannelName, eventId: string): Promise<void>;
  /**
   * Claims up to `limit` events accepted before `before` and not done, for replay after a
   * crash. A claim is a lease: another instance can take the event only after `leaseMs`.
   */
  claimStale(before: number, leaseMs: number, limit: number): Promise<InboxEvent[]>;
}
