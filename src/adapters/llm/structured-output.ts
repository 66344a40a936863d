import { z } from 'zod';
import { LlmError } from './llm-error.js';

/** A JSON Schema for `response_format: json_schema`, without the `$schema` key some servers reject. */
export function toResponseSchema(schema: z.ZodType): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { unrepresentable: 'any' }) as Record<string, unknown>;
  const { $schema: _drop, ...rest } = json;
  return rest;
}

/** OpenAI requires `^[a-zA-Z0-9_-]{1,64}$` for a json_schema name. */
export function toSchemaName(name: string): string {
  const clean = name.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64);
  return clean || 'output';
}

/**
 * Parses a model's JSON answer and validates it. Tolerates a Markdown code fence around
 * the object (servers that ignore response_format); anything else throws LLM_INVALID_OUTPUT.
 */
export function parseStructured<T>(raw: string, schema: z.ZodType<T>, name: string): T {
  const fenced = /^\s*```(?:json)?\s*\n?([\s\S]*?)\n?```\s*$/i.exec(raw);
  const body = (fenced?.[1] ?? raw).trim();
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (err) {
    throw new LlmError(
      'LLM_INVALID_OUTPUT',
      `${name}: the model did not return JSON (${body.slice(0, 80)})`,
      undefined,
      {
        cause: err,
      },
    );
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue?.path.join('.') || '(root)';
    throw new LlmError('LLM_INVALID_OUTPUT', `${name}: output does not match the schema at ${at}: ${issue?.message}`);
  }
  return parsed.data;
}
