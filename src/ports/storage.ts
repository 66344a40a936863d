/** A key-value store for small JSON state (conversation sessions), after grammY's StorageAdapter. */
export interface StorageAdapter<T> {
  read(key: string): Promise<T | undefined>;
  write(key: string, value: T): Promise<void>;
  delete(key: string): Promise<void>;
}

/** The in-memory twin; also the test fake. */
export function createMemoryStorage<T>(): StorageAdapter<T> & { readonly size: number } {
  const map = new Map<string, string>();
  return {
    async read(key) {
      const v = map.get(key);
      return v === undefined ? undefined : (JSON.parse(v) as T);
    },
    async write(key, value) {
      map.set(key, JSON.stringify(value));
    },
    async delete(key) {
      map.delete(key);
    },
    get size() {
      return map.size;
    },
  };
}
