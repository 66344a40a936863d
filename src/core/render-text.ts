import type { ReplyBlock, SourceRef } from './reply.js';

/** Formats a source list as `来源：id#章节、id`. */
export function formatSources(sources: SourceRef[]): string {
  if (sources.length === 0) return '';
  return `来源：${sources.map((s) => (s.section ? `${s.id}#${s.section}` : s.id)).join('、')}`;
}

/** Characters the first screen of an answer may take on a phone (issue #9). */
export const FIRST_SCREEN_CHARS = 250;
/** Lines on the first screen: the direct answer and up to three supporting lines. */
const FIRST_SCREEN_LINES = 4;
/** Where the first screen ends in plain text; channels fold what follows (Lark 更多 panel, chat page). */
export const MORE_MARKER = '【更多】';

const chars = (s: string) => Array.from(s).length;

/**
 * The canonical plain-text rendering of a reply: title, then each block as a heading with
 * its lines, then the sources line. The first screen holds at most FIRST_SCREEN_CHARS
 * characters and four lines; everything else follows a `【更多】` line. WeCom and WeChat
 * send this; the CLI prints it.
 */
export function renderPlainText(title: string, blocks: ReplyBlock[], sources: SourceRef[]): string {
  const first: string[] = [];
  const more: string[] = [];
  let used = 0;
  let shown = 0;
  let folding = false;
  const put = (line: string, isContent: boolean) => {
    if (!folding && used + chars(line) <= FIRST_SCREEN_CHARS && (!isContent || shown < FIRST_SCREEN_LINES)) {
      first.push(line);
      used += chars(line);
      if (isContent) shown++;
    } else {
      folding = true;
      more.push(line);
    }
  };
  if (title) put(`【${title}】`, false);
  for (const b of blocks) {
    if (b.title) put(`▍${b.title}`, false);
    const numbered = b.kind === 'steps';
    b.lines.forEach((line, i) => {
      put(numbered ? `${i + 1}. ${line}` : `· ${line}`, true);
    });
  }
  // A heading left last on the first screen belongs with its lines.
  while (more.length && first.length > 1 && first[first.length - 1]?.startsWith('▍')) more.unshift(first.pop() ?? '');
  const out = more.length ? [...first, `${MORE_MARKER}（以下为补充信息）`, ...more] : first;
  const src = formatSources(sources);
  if (src) out.push(src);
  return out.join('\n');
}
