import { parseDocument } from 'yaml';
import type { Section } from '../ports/knowledge.js';

export interface ParsedMarkdown {
  frontMatter: Record<string, unknown>;
  sections: Section[];
}

/** Raised for a file that cannot be read as a pack document; `reason` is shown with its path. */
export class DocumentParseError extends Error {
  readonly code = 'KB_PARSE';
}

const FRONT_MATTER = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/**
 * Splits a pack file into YAML front matter and `##` sections. YAML aliases are capped so a
 * "billion laughs" file fails instead of exhausting memory.
 */
export function parseMarkdownDocument(source: string): ParsedMarkdown {
  const m = FRONT_MATTER.exec(source);
  if (!m) throw new DocumentParseError('no YAML front matter (the file must start with a --- line)');
  const yamlDoc = parseDocument(m[1] ?? '', { prettyErrors: false, uniqueKeys: true });
  if (yamlDoc.errors.length > 0) {
    throw new DocumentParseError(`bad YAML front matter: ${yamlDoc.errors[0]?.message.split('\n')[0]}`);
  }
  let data: unknown;
  try {
    data = yamlDoc.toJS({ maxAliasCount: 50 });
  } catch (err) {
    throw new DocumentParseError(`bad YAML front matter: ${(err as Error).message.split('\n')[0]}`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new DocumentParseError('front matter is not a key: value mapping');
  }
  const body = source.slice(m[0].length);
  return { frontMatter: data as Record<string, unknown>, sections: splitSections(body) };
}

/** Splits Markdown at `##` headings; text before the first heading becomes section ''. */
export function splitSections(body: string): Section[] {
  const sections: Section[] = [];
  let heading = '';
  let lines: string[] = [];
  const flush = () => {
    const text = lines.join('\n').trim();
    if (text || heading) sections.push({ heading, text });
  };
  for (const line of body.split(/\r?\n/)) {
    const h = /^##(?!#)\s+(.+?)\s*#*\s*$/.exec(line);
    if (h) {
      flush();
      heading = h[1] ?? '';
      lines = [];
    } else {
      lines.push(line);
    }
  }
  flush();
  return sections.filter((s) => s.text.length > 0 || s.heading.length > 0);
}
