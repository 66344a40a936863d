import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { KnowledgeDoc, LoadedPack, PackIssue } from '../ports/knowledge.js';
import { toKnowledgeDoc } from './to-knowledge-doc.js';

/** Raised when the pack folder itself cannot be used (missing, not a folder). */
export class PackError extends Error {
  readonly code = 'KB_PACK';
}

const MAX_FILE_BYTES = 512 * 1024;

/** Reads one file of a pack into a document, or the reason it cannot be used. */
export async function loadPackFile(root: string, file: string): Promise<KnowledgeDoc | PackIssue> {
  const path = relative(root, file).split(sep).join('/');
  try {
    const info = await stat(file);
    if (info.size > MAX_FILE_BYTES)
      return { path, level: 'error', reason: `file is larger than ${MAX_FILE_BYTES} bytes` };
    const buf = await readFile(file);
    if (buf.includes(0)) return { path, level: 'error', reason: 'binary file (contains NUL bytes), not Markdown' };
    const source = new TextDecoder('utf-8', { fatal: true }).decode(buf);
    return toKnowledgeDoc(source, path);
  } catch (err) {
    const reason = err instanceof TypeError ? 'not valid UTF-8 text' : (err as Error).message;
    return { path, level: 'error', reason };
  }
}

/**
 * Loads and validates a pack folder. A bad file is reported with its path and reason and
 * skipped; the rest loads. Duplicate ids and `versus` entries naming no product are reported.
 */
export async function loadPack(root: string): Promise<LoadedPack> {
  const info = await stat(root).catch(() => undefined);
  if (!info) throw new PackError(`Knowledge pack folder not found: ${root} (set KNOWLEDGE_DIR or pass --kb)`);
  if (!info.isDirectory()) throw new PackError(`Knowledge pack path is not a folder: ${root}`);
  const issues: PackIssue[] = [];
  const files = await walk(root, issues, root);
  const loaded = await Promise.all(files.map((f) => loadPackFile(root, f)));
  const docs: KnowledgeDoc[] = [];
  const seen = new Map<string, string>();
  for (const item of loaded) {
    if ('reason' in item) {
      issues.push(item);
      continue;
    }
    const first = seen.get(item.id);
    if (first) {
      issues.push({ path: item.path, level: 'error', reason: `duplicate id "${item.id}" (first defined in ${first})` });
      continue;
    }
    seen.set(item.id, item.path);
    docs.push(item);
  }
  issues.push(...checkReferences(docs));
  if (docs.length === 0) issues.push({ path: '.', level: 'warning', reason: 'the pack has no usable documents' });
  return { root, docs, issues };
}

/** Reports `versus` and script `product` ids that name no product of the pack. */
export function checkReferences(docs: KnowledgeDoc[]): PackIssue[] {
  const products = new Set(docs.filter((d) => d.type === 'product').map((d) => d.id));
  const issues: PackIssue[] = [];
  for (const d of docs) {
    if (d.type === 'competitor') {
      const dangling = d.versus.filter((v) => !products.has(v));
      if (dangling.length) {
        issues.push({
          path: d.path,
          level: 'warning',
          reason: `versus names no product of the pack: ${dangling.join(', ')}`,
        });
      }
    }
    if (d.type === 'script' && d.product && !products.has(d.product)) {
      issues.push({ path: d.path, level: 'warning', reason: `product "${d.product}" is not a product of the pack` });
    }
  }
  return issues;
}

async function walk(dir: string, issues: PackIssue[], root: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const full = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(full, issues, root)));
    else if (e.isFile() && e.name.toLowerCase().endsWith('.md')) {
      if (e.name.toLowerCase() !== 'readme.md') out.push(full);
    } else if (e.isFile()) {
      issues.push({
        path: relative(root, full).split(sep).join('/'),
        level: 'warning',
        reason: 'not a .md file; ignored',
      });
    }
  }
  return out;
}
