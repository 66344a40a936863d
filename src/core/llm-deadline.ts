import type { Llm, LlmCallOptions } from '../ports/llm.js';
import { DaogouError } from './errors.js';

/** The answer's LLM time is used up; the caller falls back to the structured answer. */
export class LlmDeadlineError extends DaogouError {
  constructor(ms: number) {
    super('LLM_DEADLINE', `the LLM calls of this answer did not finish within ${ms} ms together (LLM_TIMEOUT_MS)`);
    this.name = 'LlmDeadlineError';
  }
}

/** One answer's view of the LLM: every call made through `llm` draws on one time budget. */
export interface AnswerLlm {
  readonly llm: Llm;
  /** Ends the budget: calls still running are aborted, later calls fail at once. */
  dispose(): void;
}

/**
 * Wraps the LLM for one answer so that all its calls — intent classification, composition,
 * anything else — together spend at most `budgetMs` (LLM_TIMEOUT_MS) waiting for the model:
 * each call may use what the earlier ones left, is aborted and rejected when that runs out
 * (even if the model never answers), and a call with nothing left fails at once. The
 * answer's own work between calls (retrieval) is not charged, so a cold start or a busy CPU
 * does not cost the LLM answer; an answer still ends within the budget plus its no-LLM time.
 * Timers are real time, not the clock port: they bound waiting, they do not stamp data.
 */
export function createAnswerLlm(inner: Llm, budgetMs: number): AnswerLlm {
  let spentMs = 0;
  let disposed = false;
  const running = new Map<AbortController, { timer: ReturnType<typeof setTimeout>; started: number }>();
  /** Time charged so far: finished calls, plus calls still running (a caller may have left them). */
  const charged = () => {
    const now = performance.now();
    let ms = spentMs;
    for (const r of running.values()) ms += now - r.started;
    return ms;
  };
  const expired = () => new LlmDeadlineError(budgetMs);

  /** Starts one call's share of the budget: a signal that fires when it runs out. */
  function begin(call?: LlmCallOptions) {
    const left = budgetMs - charged();
    if (disposed || left <= 0) throw expired();
    const ac = new AbortController();
    const started = performance.now();
    const timer = setTimeout(() => ac.abort(expired()), left);
    // Node: the timer must not keep a finished process alive.
    (timer as { unref?: () => void }).unref?.();
    running.set(ac, { timer, started });
    const signal = call?.signal ? AbortSignal.any([ac.signal, call.signal]) : ac.signal;
    return {
      signal,
      options: { ...call, signal } as LlmCallOptions,
      end() {
        if (!running.delete(ac)) return;
        clearTimeout(timer);
        spentMs += performance.now() - started;
      },
    };
  }

  /**
   * Settles with `work`, or rejects as soon as the call's signal fires (its share ran out, or
   * the caller gave up), whichever comes first; the model need not honour the abort.
   */
  function race<T>(signal: AbortSignal, work: Promise<T>): Promise<T> {
    work.catch(() => undefined);
    if (signal.aborted) return Promise.reject(signal.reason ?? expired());
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(signal.reason ?? expired());
      signal.addEventListener('abort', onAbort, { once: true });
      work.then(
        (v) => {
          signal.removeEventListener('abort', onAbort);
          resolve(v);
        },
        (err: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(signal.aborted ? (signal.reason ?? err) : err);
        },
      );
    });
  }

  async function once<T>(call: LlmCallOptions | undefined, run: (o: LlmCallOptions) => Promise<T>): Promise<T> {
    const c = begin(call);
    try {
      return await race(c.signal, run(c.options));
    } finally {
      c.end();
    }
  }

  const llm: Llm = {
    model: inner.model,
    complete: (messages, call) => once(call, (o) => inner.complete(messages, o)),
    structured: (messages, schema, name, call) => once(call, (o) => inner.structured(messages, schema, name, o)),
    async *stream(messages, call) {
      const c = begin(call);
      const it = inner.stream(messages, c.options)[Symbol.asyncIterator]();
      try {
        for (;;) {
          const step = await race(c.signal, it.next());
          if (step.done) return;
          yield step.value;
        }
      } finally {
        c.end();
        // Stop the inner stream when the consumer stops or the budget runs out.
        void it.return?.()?.catch?.(() => undefined);
      }
    },
  };
  return {
    llm,
    dispose() {
      disposed = true;
      for (const [ac, { timer }] of running) {
        clearTimeout(timer);
        ac.abort(expired());
      }
      running.clear();
    },
  };
}
