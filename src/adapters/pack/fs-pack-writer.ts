import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { DaogouError } from '../../core/errors.js';
import type { PackWriter } from '../../ports/pack-writer.js';

/** Raised for a path that would leave the pack folder. */
export class PackPathError extends DaogouError {
  constructor(relPath: string) {
    super('PACK_PATH', `refusing to write outside the knowledge pack: ${relPath}`);
    this.name = 'PackPathError';
  }
}

/** Writes pack files on disk: temp file then rename, so the watcher never reads half a file. */
export function createFsPackWriter(root: string): PackWriter {
  const base = resolve(root);
  const inside = (relPath: string) => {
    const full = resolve(base, relPath);
    if (!full.startsWith(base + sep) || !full.endsWith('.md')) throw new PackPathError(relPath);
    return full;
  };
  return {
    async write(relPath, content) {
      const full = inside(relPath);
      await mkdir(dirname(full), { recursive: true });
      // A dot-file is skipped by the pack loader and the watcher until it is renamed into place.
      const tmp = join(dirname(full), `.${process.pid}-${Date.now()}.tmp`);
      await writeFile(tmp, content, 'utf8');
      await rename(tmp, full);
    },
    async exists(relPath) {
      return stat(inside(relPath)).then(
        () => true,
        () => false,
      );
    },
  };
}
