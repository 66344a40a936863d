import type { ChatMessage, Llm } from '../../ports/llm.js';
import type { PiiMasker } from '../../ports/pii.js';

/**
 * Wraps an Llm so no phone, ID or card number ever leaves the process: every message's
 * content is masked before the call. Wrap the model once where it is built.
 */
export function createMaskingLlm(llm: Llm, masker: PiiMasker): Llm {
  const clean = (messages: ChatMessage[]) => messages.map((m) => ({ ...m, content: masker.mask(m.content) }));
  return {
    model: llm.model,
    complete: (messages, opts) => llm.complete(clean(messages), opts),
    stream: (messages, opts) => llm.stream(clean(messages), opts),
    structured: (messages, schema, name, opts) => llm.structured(clean(messages), schema, name, opts),
  };
}
