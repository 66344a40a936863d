import type { z } from 'zod';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface LlmCallOptions {
  signal?: AbortSignal;
  temperature?: number;
}

/** Any OpenAI-compatible chat model. Adapters must throw on any failure; callers fall back. */
export interface Llm {
  readonly model: string;
  complete(messages: ChatMessage[], opts?: LlmCallOptions): Promise<string>;
  /** Yields text deltas as they arrive. */
  stream(messages: ChatMessage[], opts?: LlmCallOptions): AsyncIterable<string>;
  /** JSON output validated by the schema; throws when the model's output does not match. */
  structured<T>(messages: ChatMessage[], schema: z.ZodType<T>, name: string, opts?: LlmCallOptions): Promise<T>;
}
