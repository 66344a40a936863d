import type { Mention } from './envelope.js';

/** Longest question text passed to the assistant (Lark allows 150 KB; nobody asks that much). */
export const MAX_INBOUND_CHARS = 4000;

interface PostElement {
  tag?: string;
  text?: string;
  href?: string;
  user_id?: string;
  user_name?: string;
  emoji_type?: string;
}

function postText(content: unknown): string | undefined {
  if (typeof content !== 'object' || content === null) return undefined;
  let post = content as { title?: unknown; content?: unknown };
  // Received posts are {title, content}; sent ones are wrapped by locale ({zh_cn: {...}}).
  if (!Array.isArray(post.content)) {
    const localized = Object.values(content).find((v) => typeof v === 'object' && v && Array.isArray(v.content));
    if (!localized) return undefined;
    post = localized;
  }
  const lines: string[] = [];
  if (typeof post.title === 'string' && post.title.trim()) lines.push(post.title.trim());
  for (const para of post.content as unknown[]) {
    if (!Array.isArray(para)) continue;
    const parts = (para as PostElement[]).map((el) => {
      switch (el?.tag) {
        case 'text':
        case 'a':
        case 'code_block':
        case 'md':
          return el.text ?? '';
        case 'at':
          return el.user_id ?? (el.user_name ? `@${el.user_name}` : '');
        case 'emotion':
          return el.emoji_type ? `[${el.emoji_type}]` : '';
        default:
          return '';
      }
    });
    lines.push(parts.join(''));
  }
  return lines.join('\n');
}

/**
 * The raw text of a `text` or `post` message content (a JSON string), mention keys
 * (`@_user_N`) still in place; undefined for any other message type or bad content.
 */
export function extractRawText(messageType: string, content: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    return undefined;
  }
  if (messageType === 'text') {
    const t = (parsed as { text?: unknown })?.text;
    return typeof t === 'string' ? t : undefined;
  }
  if (messageType === 'post') return postText(parsed);
  return undefined;
}

/**
 * Replaces mention keys: the bot's own key (and @all) is removed, other people become
 * `@Name`. Whitespace is collapsed per line and the result trimmed.
 */
export function stripMentions(text: string, mentions: Mention[], botOpenId: string | undefined): string {
  // Longest keys first so @_user_10 is not eaten by @_user_1.
  const sorted = [...mentions].sort((a, b) => b.key.length - a.key.length);
  let out = text;
  for (const m of sorted) {
    const isBot = botOpenId !== undefined && m.id?.open_id === botOpenId;
    out = out.split(m.key).join(isBot ? ' ' : `@${m.name ?? ''}`);
  }
  out = out.replaceAll('@_all', ' ');
  return out
    .split('\n')
    .map((l) => l.replace(/[ \t\u00a0\u2005]+/g, ' ').trim())
    .filter((l, i, arr) => l !== '' || (i > 0 && arr[i - 1] !== ''))
    .join('\n')
    .trim();
}
