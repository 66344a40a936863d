import type { KnowledgeDoc } from '../ports/knowledge.js';

export interface DocLine {
  docId: string;
  section: string;
  text: string;
}

const TABLE_SEPARATOR = /^\|?\s*:?-{2,}/;

/** Parses a Markdown table row into trimmed cells. */
export function tableCells(line: string): string[] {
  return line
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((c) => c.trim());
}

/**
 * Splits a section into answerable lines: list items, numbered steps, table rows (as
 * "项目：a｜b"), and sentences of plain paragraphs.
 */
export function sectionLines(text: string): string[] {
  const out: string[] = [];
  let header: string[] | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) {
      header = undefined;
      continue;
    }
    if (line.startsWith('|')) {
      if (TABLE_SEPARATOR.test(line.replace(/^\|\s*/, ''))) continue;
      const cells = tableCells(line);
      if (!header) {
        header = cells;
        continue;
      }
      const [label, ...rest] = cells;
      out.push(`${label}：${rest.map((c, i) => (header?.[i + 1] ? `${header[i + 1]} ${c}` : c)).join('｜')}`);
      continue;
    }
    const item = line.replace(/^(?:[-*+]\s+|\d+[.、)]\s*)/, '');
    // An indented sub-item belongs to the item above it (a step with its cases).
    if (/^\s{2,}[-*+]\s/.test(raw) && out.length > 0) {
      const prev = (out[out.length - 1] ?? '').replace(/[。；;]$/, '');
      out[out.length - 1] = `${prev}${/[：:]$/.test(prev) ? '' : '；'}${item}`;
      continue;
    }
    if (item.length > 90 && !/^[-*+\d]/.test(line)) {
      out.push(
        ...item
          .split(/(?<=[。！？；])/)
          .map((s) => s.trim())
          .filter(Boolean),
      );
    } else {
      out.push(item);
    }
  }
  return out.filter((l) => l.length > 1);
}

/** Sections marked unverified, to be fixed or internal are never quoted to an associate. */
export const UNQUOTABLE_SECTION = /未核实|待整改|待核实|传言|草稿|仅内部|勿外传/;

/** Every quotable line of a document with its section. */
export function docLines(doc: KnowledgeDoc): DocLine[] {
  return doc.sections
    .filter((s) => !UNQUOTABLE_SECTION.test(s.heading))
    .flatMap((s) => sectionLines(s.text).map((text) => ({ docId: doc.id, section: s.heading, text })));
}

/** The lines of the first section whose heading matches. */
export function sectionByHeading(doc: KnowledgeDoc, heading: RegExp): { heading: string; lines: string[] } | undefined {
  const s = doc.sections.find((x) => heading.test(x.heading));
  return s ? { heading: s.heading, lines: sectionLines(s.text) } : undefined;
}
