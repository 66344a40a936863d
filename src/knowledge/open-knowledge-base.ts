import { createHash } from 'node:crypto';
import { type FSWatcher, watch } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { lintText } from '../answer/compliance.js';
import type { Embedder } from '../ports/embedder.js';
import type { KnowledgeDoc, PackIssue } from '../ports/knowledge.js';
import type { Logger } from '../ports/logger.js';
import { DenseIndex } from './dense-index.js';
import { HybridKnowledgeBase } from './hybrid-knowledge-base.js';
import { loadPack, loadPackFile } from './load-pack.js';

export interface OpenKnowledgeOptions {
  packDir: string;
  /** Where the dense index is persisted; omit to keep it in memory only (CLI, tests). */
  indexDir?: string;
  embedder: Embedder;
  logger?: Logger;
  now?: () => number;
}

export interface ComplianceIssue {
  docId: string;
  path: string;
  term: string;
  kind: 'absolute' | 'medical';
  line: string;
}

export interface OpenedKnowledge {
  kb: HybridKnowledgeBase;
  issues: PackIssue[];
  compliance: ComplianceIssue[];
  /** True when the dense index was loaded from disk instead of built. */
  loadedFromDisk: boolean;
  /** Re-reads one file (relative to the pack) and re-indexes just that document. */
  reloadFile(relPath: string): Promise<'updated' | 'removed' | 'invalid' | 'unchanged'>;
  /** Starts watching the pack folder; edits are re-indexed within a debounce of 100 ms. */
  watch(onChange?: (relPath: string, outcome: string) => void): () => void;
}

/** Lints documents for Advertising-Law problems. */
export function lintDocs(docs: KnowledgeDoc[]): ComplianceIssue[] {
  const out: ComplianceIssue[] = [];
  for (const d of docs) {
    const text = d.sections.map((s) => s.text).join('\n');
    for (const f of lintText(`${d.title}\n${text}`)) out.push({ docId: d.id, path: d.path, ...f });
  }
  return out;
}

/**
 * Loads a pack, builds (or loads the persisted) hybrid index and returns it with the
 * validation and compliance reports. The dense index is saved under `indexDir` keyed by a
 * hash of the pack's content and the embedder id, so a restart with an unchanged pack loads
 * it instead of re-embedding.
 */
export async function openKnowledgeBase(opts: OpenKnowledgeOptions): Promise<OpenedKnowledge> {
  const pack = await loadPack(opts.packDir);
  const fingerprint = hashDocs(pack.docs, opts.embedder.id);
  let kb: HybridKnowledgeBase | undefined;
  let loadedFromDisk = false;
  const target = opts.indexDir ? join(opts.indexDir, 'dense') : undefined;
  if (target && (await readManifest(target)) === fingerprint) {
    try {
      const dense = await DenseIndex.load(target, opts.embedder, HybridKnowledgeBase.chunkIdsOf(pack.docs));
      kb = new HybridKnowledgeBase(dense, opts.now);
      await kb.addAll(pack.docs, true);
      loadedFromDisk = true;
    } catch (err) {
      opts.logger?.warn({ err }, 'saved index unreadable; rebuilding');
      kb = undefined;
    }
  }
  if (!kb) {
    kb = new HybridKnowledgeBase(DenseIndex.create(opts.embedder), opts.now);
    await kb.addAll(pack.docs);
    if (target) await saveIndex(kb, target, fingerprint);
  }
  const opened = kb;
  const pathToId = new Map(pack.docs.map((d) => [d.path, d.id]));

  async function reloadFile(relPath: string): Promise<'updated' | 'removed' | 'invalid' | 'unchanged'> {
    const full = join(opts.packDir, relPath);
    const exists = await stat(full).then(
      (s) => s.isFile(),
      () => false,
    );
    const oldId = pathToId.get(relPath);
    if (!exists) {
      if (!oldId) return 'unchanged';
      await opened.remove(oldId);
      pathToId.delete(relPath);
      return 'removed';
    }
    if (!relPath.toLowerCase().endsWith('.md')) return 'unchanged';
    const item = await loadPackFile(opts.packDir, full);
    if ('reason' in item) {
      opts.logger?.warn({ path: relPath, reason: item.reason }, 'knowledge file invalid; previous version kept');
      return 'invalid';
    }
    const clash = opened.get(item.id);
    if (clash && clash.path !== relPath && clash.path !== '') {
      opts.logger?.warn({ path: relPath, id: item.id, other: clash.path }, 'duplicate id; file ignored');
      return 'invalid';
    }
    if (oldId && oldId !== item.id) await opened.remove(oldId);
    await opened.upsert(item);
    pathToId.set(relPath, item.id);
    for (const f of lintDocs([item])) opts.logger?.warn(f, 'advertising-law term in knowledge file');
    return 'updated';
  }

  return {
    kb: opened,
    issues: pack.issues,
    compliance: lintDocs(pack.docs),
    loadedFromDisk,
    reloadFile,
    watch(onChange) {
      const timers = new Map<string, ReturnType<typeof setTimeout>>();
      let watcher: FSWatcher | undefined;
      try {
        watcher = watch(opts.packDir, { recursive: true }, (_event, name) => {
          if (!name) return;
          const rel = relative(opts.packDir, join(opts.packDir, name.toString())).split(sep).join('/');
          clearTimeout(timers.get(rel));
          timers.set(
            rel,
            setTimeout(() => {
              timers.delete(rel);
              reloadFile(rel).then(
                (outcome) => onChange?.(rel, outcome),
                (err) => opts.logger?.error({ err, path: rel }, 'hot reload failed'),
              );
            }, 100),
          );
        });
      } catch (err) {
        opts.logger?.warn({ err }, 'cannot watch the knowledge folder; edits need a restart');
      }
      return () => {
        watcher?.close();
        for (const t of timers.values()) clearTimeout(t);
      };
    },
  };
}

function hashDocs(docs: KnowledgeDoc[], embedderId: string): string {
  const h = createHash('sha256').update(`v1\n${embedderId}\n`);
  for (const d of [...docs].sort((a, b) => (a.id < b.id ? -1 : 1))) h.update(JSON.stringify(d));
  return h.digest('hex');
}

async function readManifest(dir: string): Promise<string | undefined> {
  try {
    return JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')).fingerprint as string;
  } catch {
    return undefined;
  }
}

/** Writes the index to a temp folder and renames it into place, so a crash never leaves half an index. */
async function saveIndex(kb: HybridKnowledgeBase, dir: string, fingerprint: string): Promise<void> {
  const tmp = `${dir}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  if (kb.denseIndex.size > 0) await kb.denseIndex.save(tmp);
  await writeFile(join(tmp, 'manifest.json'), JSON.stringify({ fingerprint, chunks: kb.chunkIds().length }));
  await rm(dir, { recursive: true, force: true });
  await rename(tmp, dir);
}
