import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  handleAll,
  IsolatedCircuitError,
} from 'cockatiel';
import type { ChatMessage, Llm, LlmCallOptions } from '../../ports/llm.js';
import type { Logger } from '../../ports/logger.js';
import { LlmError } from './llm-error.js';

export interface LlmCircuitOptions {
  /** Consecutive failed or timed-out calls that open the circuit (LLM_BREAKER_FAILURES, default 3). */
  failures?: number;
  /** Cool-down before a half-open probe is let through (LLM_BREAKER_COOLDOWN_MS, default 30 s). */
  cooldownMs?: number;
  logger?: Logger;
}

/** What `/health` and the console show about the LLM. */
export interface LlmCircuitStatus {
  state: 'closed' | 'open' | 'half_open' | 'isolated';
  /** Consecutive failures counted towards opening. */
  consecutiveFailures: number;
  /** The code of the last failure (LLM_TIMEOUT, LLM_HTTP…), if any. */
  lastFailure?: string;
  /** Epoch ms when the circuit last opened. */
  openedAt?: number;
  cooldownMs: number;
}

export interface LlmCircuit {
  /** The guarded model: fails at once with LLM_CIRCUIT_OPEN while the circuit is open. */
  readonly llm: Llm;
  status(): LlmCircuitStatus;
}

const STATE_NAME: Record<CircuitState, LlmCircuitStatus['state']> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half_open',
  [CircuitState.Isolated]: 'isolated',
};

const codeOf = (err: unknown) =>
  (err as { code?: unknown } | null)?.code && typeof (err as { code: unknown }).code === 'string'
    ? (err as { code: string }).code
    : (err as Error | null)?.name || 'error';

/**
 * A circuit breaker (cockatiel) around the LLM: after `failures` consecutive failures or
 * timeouts it opens, and every call fails at once (the caller answers in structured mode)
 * for `cooldownMs`; then one half-open probe is let through, and its success closes the
 * circuit again. While a probe is in flight, other calls fail at once instead of waiting.
 */
export function createLlmCircuit(inner: Llm, opts: LlmCircuitOptions = {}): LlmCircuit {
  const cooldownMs = opts.cooldownMs ?? 30_000;
  const consecutive = new ConsecutiveBreaker(opts.failures ?? 3);
  const policy = circuitBreaker(handleAll, { halfOpenAfter: cooldownMs, breaker: consecutive });
  let lastFailure: string | undefined;
  let openedAt: number | undefined;
  let probing = false;
  policy.onFailure(({ reason }) => {
    lastFailure = 'error' in reason ? codeOf(reason.error) : 'value';
  });
  policy.onBreak(() => {
    openedAt = Date.now();
    opts.logger?.warn(
      { lastFailure, cooldownMs },
      'LLM circuit opened: answering in structured mode until it recovers',
    );
  });
  policy.onReset(() => opts.logger?.info({}, 'LLM circuit closed: the model answers again'));

  const open = () =>
    new LlmError(
      'LLM_CIRCUIT_OPEN',
      `LLM ${inner.model} skipped: the circuit is open after repeated failures (${lastFailure ?? 'unknown'})`,
    );

  async function run<T>(work: () => Promise<T>): Promise<T> {
    // A probe is already testing the model: do not queue behind it.
    if (policy.state === CircuitState.HalfOpen && probing) throw open();
    const probe = policy.state !== CircuitState.Closed;
    if (probe) probing = true;
    try {
      return await policy.execute(() => work());
    } catch (err) {
      if (err instanceof BrokenCircuitError || err instanceof IsolatedCircuitError) throw open();
      throw err;
    } finally {
      if (probe) probing = false;
    }
  }

  async function* stream(messages: ChatMessage[], call?: LlmCallOptions): AsyncGenerator<string> {
    // The whole stream is one call for the breaker; deltas are handed over as they arrive.
    const queue: string[] = [];
    let wake: (() => void) | undefined;
    let finished = false;
    let failure: unknown;
    const done = run(async () => {
      for await (const delta of inner.stream(messages, call)) {
        queue.push(delta);
        wake?.();
      }
    });
    done.then(
      () => {
        finished = true;
        wake?.();
      },
      (err: unknown) => {
        failure = err;
        finished = true;
        wake?.();
      },
    );
    for (;;) {
      const next = queue.shift();
      if (next !== undefined) {
        yield next;
        continue;
      }
      if (finished) {
        if (failure !== undefined) throw failure;
        return;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = undefined;
    }
  }

  return {
    llm: {
      model: inner.model,
      complete: (messages, call) => run(() => inner.complete(messages, call)),
      structured: (messages, schema, name, call) => run(() => inner.structured(messages, schema, name, call)),
      stream,
    },
    status: () => ({
      state: STATE_NAME[policy.state],
      consecutiveFailures: consecutive.state,
      ...(lastFailure ? { lastFailure } : {}),
      ...(openedAt !== undefined ? { openedAt } : {}),
      cooldownMs,
    }),
  };
}
