import { z } from 'zod';
import type { ConversationState } from '../core/conversation.js';
import { INTENTS, type Intent } from '../core/reply.js';
import type { IntentClassifier } from '../ports/intent.js';
import type { ChatMessage, Llm } from '../ports/llm.js';
import { renderPrompt } from './render-prompt.js';

export interface LlmClassifierOptions {
  llm: Llm;
  /** Used on timeout, error or invalid output (the rule-based classifier). */
  fallback: IntentClassifier;
  timeoutMs: number;
  /** Why the fallback was used, for the log. */
  onFallback?: (err: unknown) => void;
}

/** The structured output the model must produce. */
export const intentSchema = z.object({ intent: z.enum(INTENTS) });

const MAX_CHARS = 1000;
const clip = (s: string | undefined) =>
  (s ?? '').slice(0, MAX_CHARS).replace(/<\/?\s*(message|previous)\b[^>]*>/gi, '');

/** Messages for one classification; the message text is data in the user turn only. */
export function buildClassifyMessages(text: string, conversation: ConversationState): ChatMessage[] {
  return [
    { role: 'system', content: renderPrompt('classify-intent') },
    {
      role: 'user',
      content: renderPrompt('classify-intent-input', {
        text: clip(text),
        last_intent: conversation.lastIntent ?? '-',
        last_question: clip(conversation.lastQuestion) || '-',
      }),
    },
  ];
}

/**
 * An IntentClassifier using LLM structured output (`{ intent }` validated by zod), bounded
 * by `timeoutMs`; on timeout, any error or an invalid answer it asks `fallback`.
 */
export function createLlmClassifier(opts: LlmClassifierOptions): IntentClassifier {
  return {
    async classify(text: string, conversation: ConversationState): Promise<Intent> {
      if (text.trim() === '') return opts.fallback.classify(text, conversation);
      const ac = new AbortController();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const expired = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          const err = new Error(`intent classification not finished within ${opts.timeoutMs} ms`);
          ac.abort(err);
          reject(err);
        }, opts.timeoutMs);
      });
      expired.catch(() => undefined);
      try {
        const call = opts.llm.structured(buildClassifyMessages(text, conversation), intentSchema, 'intent', {
          signal: ac.signal,
          temperature: 0,
        });
        call.catch(() => undefined);
        const out = await Promise.race([call, expired]);
        return out.intent;
      } catch (err) {
        opts.onFallback?.(err);
        return opts.fallback.classify(text, conversation);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
