/** Writes documents into the knowledge pack folder (curated answers, imported products). */
export interface PackWriter {
  /** Writes one file atomically; `relPath` is relative to the pack root and must stay inside it. */
  write(relPath: string, content: string): Promise<void>;
  exists(relPath: string): Promise<boolean>;
}

/** The in-memory twin; also the test fake. */
export function createMemoryPackWriter(): PackWriter & { files: Map<string, string> } {
  const files = new Map<string, string>();
  return {
    files,
    async write(relPath, content) {
      files.set(relPath, content);
    },
    async exists(relPath) {
      return files.has(relPath);
    },
  };
}
