import type { Context } from 'hono';

/**
 * The zValidator hook of every JSON API: a failed validation becomes one 400
 * `{error: 'bad_request', message: '<field>: <reason>'}`.
 */
export const invalidRequest = (
  result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } },
  c: Context,
) => {
  if (!result.success) {
    const first = result.error?.issues[0];
    return c.json({ error: 'bad_request', message: `${first?.path.join('.') || 'body'}: ${first?.message}` }, 400);
  }
};
