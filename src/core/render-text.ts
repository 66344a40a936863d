import type { ReplyBlock, SourceRef } from './reply.js';

/** Formats a source list as `来源：id#章节、id`. */
export function formatSources(sources: SourceRef[]): string {
  if (sources.length === 0) return '';
  return `来源：${sources.map((s) => (s.section ? `${s.id}#${s.section}` : s.id)).join('、')}`;
}

/**
 * The canonical plain-text rendering of a reply: title, then each block as a heading with
 * its lines, then the sources line. WeCom and WeChat send this; the CLI prints it.
 */
export function renderPlainText(title: string, blocks: ReplyBlock[], sources: SourceRef[]): string {
  const out: string[] = [];
  if (title) out.push(`【${title}】`);
  for (const b of blocks) {
    if (b.title) out.push(`▍${b.title}`);
    const numbered = b.kind === 'steps';
    b.lines.forEach((line, i) => {
      out.push(numbered ? `${i + 1}. ${line}` : `· ${line}`);
    });
  }
  const src = formatSources(sources);
  if (src) out.push(src);
  return out.join('\n');
}
