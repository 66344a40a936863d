import type { Hono } from 'hono';
import type { ChannelName } from '../core/message.js';
import type { ChannelClient } from '../ports/channel.js';
import type { InboxEvent } from '../ports/inbox.js';

/**
 * One platform integration, as the entry point sees it: optional webhook routes (mounted
 * at `/webhooks/<name>`), the client that sends, and lifecycle hooks.
 */
export interface ChannelModule {
  readonly name: ChannelName;
  /** Webhook routes, mounted by createHttpApp at `/webhooks/<name>`. */
  routes?: Hono;
  client: ChannelClient;
  /** Long-lived receivers (wechaty) start here; webhook channels may fetch bot info. */
  start?(): Promise<void>;
  stop?(): Promise<void>;
  /** Processes a stored inbox event again (crash recovery: accepted but never done). */
  replay?(event: InboxEvent): Promise<void>;
}
