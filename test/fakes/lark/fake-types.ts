/** Shapes of the fake Lark Open API (see fake-lark.ts). */

export interface FakeLarkOptions {
  appId: string;
  appSecret: string;
  botOpenId?: string;
  botName?: string;
  /** Per-chat message limit in the sliding window (Lark: 5 per second). */
  perChatLimit?: number;
  /** Per-API limit per second (Lark: 50). */
  perApiLimit?: number;
  /** Per-API limit per minute (Lark: 1000 for message create/reply and CardKit). */
  perApiPerMinute?: number;
  /** Per-card CardKit operations per second (Lark: 10). */
  perCardLimit?: number;
}

export interface RecordedCall {
  method: string;
  path: string;
  query: Record<string, string>;
  auth?: string;
  body: unknown;
  status: number;
  code: number;
  at: number;
}

/** A message the fake accepted (created or replied). */
export interface FakeMessage {
  messageId: string;
  chatId: string;
  msgType: string;
  content: unknown;
  /** The message this one replies to. */
  replyTo?: string;
  uuid?: string;
  at: number;
}

export interface FakeCard {
  cardId: string;
  card: Record<string, unknown>;
  sequence: number;
  streaming: boolean;
  sent: boolean;
  /** Every operation after creation, in order. */
  ops: { op: 'content' | 'settings' | 'update'; sequence: number; elementId?: string; content?: string; at: number }[];
  opTimes: number[];
}

export interface Failure {
  match: (method: string, path: string) => boolean;
  remaining: number;
  /** 0: never answer (the connection stays open). */
  status: number;
  body: Record<string, unknown>;
}

export interface FakeLark {
  url: string;
  botOpenId: string;
  calls: RecordedCall[];
  messages: FakeMessage[];
  cards: Map<string, FakeCard>;
  tokensIssued: number;
  /** Sends answered from the uuid dedupe (a repeat of an earlier successful send). */
  uuidRepeats: number;
  /** Makes a user message known (the bot can only reply to messages that exist). */
  seedMessage(messageId: string, chatId: string): void;
  seedChat(chatId: string, members: { openId: string; name: string }[]): void;
  /** The next `times` calls matching `path` (substring or RegExp) fail with this status/body; status 0 never answers. */
  fail(path: string | RegExp, times: number, status?: number, body?: Record<string, unknown>, method?: string): void;
  /** Forgets every injected failure that has not fired yet. */
  clearFailures(): void;
  /** The next `times` message sends are refused with 230020 (frequency limit). */
  rateLimitStorm(times: number): void;
  /** Invalidates every issued token (the next call gets 99991663). */
  expireTokens(): void;
  repliesTo(messageId: string): FakeMessage[];
  close(): Promise<void>;
}
