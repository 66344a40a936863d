import type { ReplyBlock, SourceRef } from './reply.js';

/** How the sources line of a plain-text reply starts. */
export const SOURCES_PREFIX = '来源：';

/** Formats a source list as `来源：id#章节、id`. */
export function formatSources(sources: SourceRef[]): string {
  if (sources.length === 0) return '';
  return `${SOURCES_PREFIX}${sources.map((s) => (s.section ? `${s.id}#${s.section}` : s.id)).join('、')}`;
}

/** Characters the first screen of an answer may take on a phone (issue #9). */
export const FIRST_SCREEN_CHARS = 250;
/** Lines on the first screen: the direct answer and up to three supporting lines. */
const FIRST_SCREEN_LINES = 4;
/** Where the first screen ends in plain text; channels fold what follows (Lark 更多 panel, chat page). */
export const MORE_MARKER = '【更多】';

/** What WeCom and WeChat show where the first screen ends: the rest comes on the reply `1`. */
export const MORE_HINT = '（回复 1 看更多）';
/** A reply asking for the folded part: `1`, `更多`, `看更多`. */
export const MORE_REQUEST = /^\s*(?:1|更多|看更多|展开)\s*[。.!！]?\s*$/;

const chars = (s: string) => Array.from(s).length;

/**
 * Splits blocks into the first screen (at most FIRST_SCREEN_CHARS characters, counting the
 * title and headings, and FIRST_SCREEN_LINES lines) and the rest, which channels fold behind
 * 更多. A block cut in two keeps its title on both halves; a heading never ends the first screen.
 */
export function splitFirstScreen(title: string, blocks: ReplyBlock[]): { first: ReplyBlock[]; more: ReplyBlock[] } {
  const first: ReplyBlock[] = [];
  const more: ReplyBlock[] = [];
  let used = title ? chars(`【${title}】`) : 0;
  let shown = 0;
  let folding = false;
  for (const b of blocks) {
    const head = b.title ? chars(`▍${b.title}`) : 0;
    const kept: string[] = [];
    let i = 0;
    if (!folding && used + head < FIRST_SCREEN_CHARS) {
      for (; i < b.lines.length; i++) {
        const line = b.lines[i] ?? '';
        const cost = chars(`${b.kind === 'steps' ? `${i + 1}. ` : '· '}${line}`);
        if (shown >= FIRST_SCREEN_LINES || used + head + cost > FIRST_SCREEN_CHARS) break;
        kept.push(line);
        used += cost;
        shown++;
      }
    }
    if (kept.length) {
      used += head;
      first.push({ ...b, lines: kept });
    }
    if (i < b.lines.length || !kept.length) {
      folding = true;
      more.push({ ...b, lines: b.lines.slice(kept.length) });
    }
  }
  return { first, more: more.filter((b) => b.lines.length) };
}

function blockText(b: ReplyBlock, offset = 0): string[] {
  const out = b.title ? [`▍${b.title}`] : [];
  b.lines.forEach((line, i) => {
    out.push(b.kind === 'steps' ? `${offset + i + 1}. ${line}` : `· ${line}`);
  });
  return out;
}

/**
 * The canonical plain-text rendering of a reply: title, then each block as a heading with
 * its lines, then the sources line. The first screen (splitFirstScreen) comes first;
 * everything else follows a `【更多】` line. WeCom and WeChat send this; the CLI prints it.
 */
export function renderPlainText(title: string, blocks: ReplyBlock[], sources: SourceRef[]): string {
  const { first, more } = splitFirstScreen(title, blocks);
  const out: string[] = title ? [`【${title}】`] : [];
  for (const b of first) out.push(...blockText(b));
  if (more.length) {
    out.push(`${MORE_MARKER}（以下为补充信息）`);
    for (const b of more) {
      // Steps continue their numbering across the fold.
      const before = first.find((f) => f.kind === 'steps' && f.title === b.title && b.kind === 'steps');
      out.push(...blockText(b, before ? before.lines.length : 0));
    }
  }
  const src = formatSources(sources);
  if (src) out.push(src);
  return out.join('\n');
}

/**
 * Folds a plain-text reply for chat apps that cannot collapse text (WeCom, WeChat): the first
 * screen, the 更多 hint and the sources line; `more` is what follows the 【更多】 line (with
 * the sources again), sent when the user replies `1`. Text without the marker is unchanged.
 */
export function foldPlainText(text: string): { first: string; more?: string } {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.startsWith(MORE_MARKER));
  if (at < 0) return { first: text };
  const last = lines[lines.length - 1] ?? '';
  const sources = last.startsWith(SOURCES_PREFIX) ? [last] : [];
  const rest = lines.slice(at + 1, sources.length ? -1 : undefined);
  if (!rest.some((l) => l.trim())) return { first: [...lines.slice(0, at), ...sources].join('\n') };
  return {
    first: [...lines.slice(0, at), MORE_HINT, ...sources].join('\n'),
    more: [...rest, ...sources].join('\n'),
  };
}
