import type { ChannelName } from '../core/message.js';

/** A platform event as received, made durable before the platform is acknowledged. */
export interface InboxEvent {
  channel: ChannelName;
  eventId: string;
  /** The decoded (decrypted) event as JSON; enough to process it again after a crash. */
  payload: unknown;
  receivedAt: number;
  /**
   * A second identity of the same event within the channel (Lark's `message_id`): an event
   * whose key was already accepted under another event id is a duplicate.
   */
  dedupeKey?: string;
  /** How many times the event has been handed to a process (1 when accepted; +1 per claim). */
  attempts?: number;
  /**
   * On accept: false stores the event unleased, for any answering instance to claim at once
   * (an instance that only acknowledges webhooks). Default true: leased to the acceptor.
   */
  lease?: boolean;
}

/**
 * Durable dedupe, leases and crash recovery for inbound events, shared by any number of
 * instances. `accept` is the "persist" of persist-then-ack: when it resolves true, the event
 * survives a restart and is leased to this instance, which keeps the lease alive with
 * `renew` while it holds the event. An event whose lease ran out (its holder died) is taken
 * by another instance's `claimStale`.
 */
export interface Inbox {
  /** This instance's id as a lease holder. */
  readonly owner: string;
  /**
   * Stores the event, leased to this instance (unless `event.lease` is false), unless
   * (channel, eventId) or (channel, dedupeKey) was seen before; false for a duplicate.
   */
  accept(event: InboxEvent): Promise<boolean>;
  /** Marks the event processed; it will not be replayed. */
  markDone(channel: ChannelName, eventId: string): Promise<void>;
  /**
   * Claims up to `limit` of this channel's events received at or before `before`, not done, whose
   * lease has run out, leasing them to this instance for `leaseMs`. Two instances never
   * claim the same event while a lease holds.
   */
  claimStale(channel: ChannelName, before: number, leaseMs: number, limit: number): Promise<InboxEvent[]>;
  /**
   * Extends this instance's leases on `eventIds` by `leaseMs` from now; resolves with the
   * ids it still holds (an id missing was done, or taken by another instance). Events leased
   * to this instance but not in `eventIds` (it gave up on them after a failure) are released
   * for any instance to retry.
   */
  renew(channel: ChannelName, eventIds: readonly string[], leaseMs: number): Promise<string[]>;
  /** Deletes up to `limit` done events received before `before` (past the platforms' retry window). */
  purge(before: number, limit: number): Promise<number>;
}
