import { composeLlmAnswer } from '../../answer/compose-llm-answer.js';
import type { Context, ReplyDraft } from '../../core/context.js';
import type { SearchHit } from '../../ports/knowledge.js';

/**
 * With an LLM configured, rewrites the structured draft from the same passages (streamed to
 * channels that can show it); any timeout or failure keeps the structured draft.
 */
export async function composeWithLlm(ctx: Context, draft: ReplyDraft, passages: SearchHit[]): Promise<ReplyDraft> {
  const { pii, settings, logger } = ctx.services;
  // The answer's own LLM: its calls share one deadline with the intent classification.
  const llm = ctx.llm ?? ctx.services.llm;
  if (!llm || draft.declined) return draft;
  return composeLlmAnswer({
    llm,
    question: ctx.msg.text,
    draft,
    passages,
    timeoutMs: settings.llmTimeoutMs,
    pii,
    ...(ctx.options.onPartialText ? { onPartialText: ctx.options.onPartialText } : {}),
    onFallback: (reason, err) =>
      logger.warn(
        { reason, err: (err as Error | undefined)?.message },
        'LLM answer failed; sent the structured answer',
      ),
  });
}
