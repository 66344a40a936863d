/**
 * Makes text safe for a Lark `markdown` element without relying on entity decoding:
 * tag brackets (which could form `<at id=all>` or `<font>`) and emphasis markers become
 * their full-width look-alikes. Used for titles; body lines go in plain_text elements.
 */
export function safeMarkdownText(text: string): string {
  return text.replace(/</g, '＜').replace(/>/g, '＞').replace(/\*/g, '＊').replace(/~/g, '～');
}

/**
 * LLM output is markdown on purpose (lists, bold); only tag brackets are neutralised so it
 * can never @everyone or inject components.
 */
export function sanitizeLlmMarkdown(text: string): string {
  return text.replace(/</g, '＜').replace(/>/g, '＞');
}

/** Lark open ids / user ids as they may appear in an `<at id=…>` tag. */
export function isSafeUserId(id: string): boolean {
  return /^[A-Za-z0-9_-]{1,64}$/.test(id);
}
