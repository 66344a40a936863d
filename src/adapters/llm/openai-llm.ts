import OpenAI from 'openai';
import type { z } from 'zod';
import { renderPrompt } from '../../answer/render-prompt.js';
import type { ChatMessage, Llm, LlmCallOptions } from '../../ports/llm.js';
import { type CallSignals, LlmError, toLlmError } from './llm-error.js';
import { parseStructured, toResponseSchema, toSchemaName } from './structured-output.js';

export interface OpenAiLlmOptions {
  /** e.g. `https://api.openai.com/v1`, `http://127.0.0.1:11434/v1` (OPENAI_BASE_URL). */
  baseURL: string;
  apiKey?: string;
  /** LLM_MODEL. */
  model: string;
  /** Upper bound for one call, retries included (LLM_TIMEOUT_MS). */
  timeoutMs: number;
  /** SDK retries on 408/409/429/5xx and connection errors, all inside timeoutMs. Default 1. */
  maxRetries?: number;
}

type ResponseFormat = OpenAI.ChatCompletionCreateParams['response_format'];

/**
 * An Llm over any OpenAI-compatible `/chat/completions` endpoint (OpenAI, DeepSeek, Qwen,
 * vLLM, Ollama). Every call is bounded by `timeoutMs` and the caller's signal, and throws
 * an LlmError (stable `code`) on any failure, including a stream cut off before its end.
 */
export function createOpenAiLlm(opts: OpenAiLlmOptions): Llm {
  const client = new OpenAI({
    baseURL: opts.baseURL,
    apiKey: opts.apiKey ?? 'not-needed',
    organization: null,
    project: null,
    timeout: opts.timeoutMs,
    maxRetries: opts.maxRetries ?? 1,
    // Failures surface as LlmError to the caller, who logs them; the SDK must not print to stderr.
    logLevel: 'off',
  });
  const model = opts.model;
  // Flipped off once the server says it does not know json_schema; json_object is used from then on.
  let jsonSchemaSupported = true;

  function signalsFor(call?: LlmCallOptions): CallSignals & { signal: AbortSignal } {
    const deadline = AbortSignal.timeout(opts.timeoutMs);
    const signal = call?.signal ? AbortSignal.any([deadline, call.signal]) : deadline;
    return { deadline, ...(call?.signal ? { caller: call.signal } : {}), signal };
  }

  async function completeRaw(messages: ChatMessage[], call: LlmCallOptions | undefined, format?: ResponseFormat) {
    const s = signalsFor(call);
    const where = `LLM ${model} at ${opts.baseURL}`;
    let res: unknown;
    try {
      res = await client.chat.completions.create(
        {
          model,
          messages,
          ...(call?.temperature !== undefined ? { temperature: call.temperature } : {}),
          ...(format ? { response_format: format } : {}),
        },
        { signal: s.signal },
      );
    } catch (err) {
      throw toLlmError(err, where, s);
    }
    const choice = (res as { choices?: unknown } | null)?.choices;
    const first = Array.isArray(choice) ? (choice[0] as OpenAI.ChatCompletion.Choice | undefined) : undefined;
    if (!first || typeof first !== 'object' || !first.message) {
      throw new LlmError('LLM_BAD_RESPONSE', `${where}: response has no choices (${String(res).slice(0, 80)})`);
    }
    if (first.message.refusal) throw new LlmError('LLM_REFUSED', `${where}: refused (${first.message.refusal})`);
    if (first.finish_reason === 'content_filter') throw new LlmError('LLM_REFUSED', `${where}: content filtered`);
    const content = first.message.content;
    if (typeof content !== 'string') throw new LlmError('LLM_BAD_RESPONSE', `${where}: answer has no text content`);
    return content;
  }

  async function* stream(messages: ChatMessage[], call?: LlmCallOptions): AsyncGenerator<string> {
    const s = signalsFor(call);
    const where = `LLM ${model} at ${opts.baseURL} (stream)`;
    let finished = false;
    try {
      const chunks = await client.chat.completions.create(
        {
          model,
          messages,
          stream: true,
          ...(call?.temperature !== undefined ? { temperature: call.temperature } : {}),
        },
        { signal: s.signal },
      );
      for await (const chunk of chunks) {
        if (!chunk || typeof chunk !== 'object' || !Array.isArray(chunk.choices)) {
          throw new LlmError('LLM_BAD_RESPONSE', `${where}: malformed chunk`);
        }
        const first = chunk.choices[0];
        const delta = first?.delta?.content;
        if (typeof delta === 'string' && delta !== '') yield delta;
        if (first?.finish_reason === 'content_filter') throw new LlmError('LLM_REFUSED', `${where}: content filtered`);
        if (first?.finish_reason) finished = true;
      }
    } catch (err) {
      throw toLlmError(err, where, s);
    }
    // The SDK ends the iteration quietly when aborted, and a cut connection may look like an end.
    if (s.signal.aborted) throw toLlmError(s.signal.reason, where, s);
    if (!finished) throw new LlmError('LLM_STREAM_TRUNCATED', `${where}: the stream ended without a finish_reason`);
  }

  async function structured<T>(
    messages: ChatMessage[],
    schema: z.ZodType<T>,
    name: string,
    call?: LlmCallOptions,
  ): Promise<T> {
    const jsonSchema = toResponseSchema(schema);
    if (jsonSchemaSupported) {
      const format: ResponseFormat = {
        type: 'json_schema',
        json_schema: { name: toSchemaName(name), schema: jsonSchema, strict: true },
      };
      try {
        return parseStructured(await completeRaw(messages, call, format), schema, name);
      } catch (err) {
        if (!(err instanceof LlmError) || err.code !== 'LLM_BAD_REQUEST') throw err;
        // Servers without json_schema answer 400/422 naming response_format; remember that.
        if (/response_format|json_schema/i.test(err.message)) jsonSchemaSupported = false;
      }
    }
    const hint: ChatMessage = {
      role: 'system',
      content: renderPrompt('json-output', { schema: JSON.stringify(jsonSchema) }),
    };
    const raw = await completeRaw([...messages, hint], call, { type: 'json_object' });
    return parseStructured(raw, schema, name);
  }

  return {
    model,
    complete: (messages, call) => completeRaw(messages, call),
    stream,
    structured,
  };
}
