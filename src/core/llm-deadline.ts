import type { Llm, LlmCallOptions } from '../ports/llm.js';
import { DaogouError } from './errors.js';

/** The answer's LLM time is used up; the caller falls back to the structured answer. */
export class LlmDeadlineError extends DaogouError {
  constructor(ms: number) {
    super('LLM_DEADLINE', `the LLM calls of this answer did not finish within ${ms} ms (LLM_TIMEOUT_MS)`);
    this.name = 'LlmDeadlineError';
  }
}

/** One answer's view of the LLM: every call made through `llm` shares one deadline. */
export interface AnswerLlm {
  readonly llm: Llm;
  /** Ends the budget (clears the timer); later calls fail at once. */
  dispose(): void;
}

/**
 * Wraps the LLM for one answer so that all its calls — intent classification, composition,
 * anything else — together finish within `budgetMs` (LLM_TIMEOUT_MS). A call started after
 * the deadline fails at once; a call in flight at the deadline is aborted and rejected then,
 * even if the model never answers. The timer is real time, not the clock port: it bounds
 * waiting, it does not stamp data.
 */
export function createAnswerLlm(inner: Llm, budgetMs: number): AnswerLlm {
  const ac = new AbortController();
  const expired = () => new LlmDeadlineError(budgetMs);
  const timer = setTimeout(() => ac.abort(expired()), budgetMs);
  // Node: the timer must not keep a finished process alive.
  (timer as { unref?: () => void }).unref?.();

  function options(call?: LlmCallOptions): LlmCallOptions {
    return { ...call, signal: call?.signal ? AbortSignal.any([ac.signal, call.signal]) : ac.signal };
  }

  /** Settles with `work` or rejects at the deadline, whichever comes first. */
  function bounded<T>(work: () => Promise<T>): Promise<T> {
    if (ac.signal.aborted) return Promise.reject(expired());
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(ac.signal.reason ?? expired());
      ac.signal.addEventListener('abort', onAbort, { once: true });
      work().then(
        (v) => {
          ac.signal.removeEventListener('abort', onAbort);
          resolve(v);
        },
        (err: unknown) => {
          ac.signal.removeEventListener('abort', onAbort);
          reject(ac.signal.aborted ? (ac.signal.reason ?? err) : err);
        },
      );
    });
  }

  const llm: Llm = {
    model: inner.model,
    complete: (messages, call) => bounded(() => inner.complete(messages, options(call))),
    structured: (messages, schema, name, call) =>
      bounded(() => inner.structured(messages, schema, name, options(call))),
    async *stream(messages, call) {
      if (ac.signal.aborted) throw expired();
      const it = inner.stream(messages, options(call))[Symbol.asyncIterator]();
      try {
        for (;;) {
          const step = await bounded(() => it.next());
          if (step.done) return;
          yield step.value;
        }
      } finally {
        // Stop the inner stream when the consumer stops or the deadline hits.
        void it.return?.()?.catch?.(() => undefined);
      }
    },
  };
  return {
    llm,
    dispose() {
      clearTimeout(timer);
      if (!ac.signal.aborted) ac.abort(expired());
    },
  };
}
