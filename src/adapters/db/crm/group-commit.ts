/**
 * Group commit: writes that arrive while a flush is running are collected and written
 * together by the next flush (one transaction, multi-row inserts). Nothing waits on a timer —
 * an idle writer flushes at once — and every promise resolves only after its row is
 * committed. If a batch fails, its items are retried one by one so one bad row fails alone.
 */
export function createGroupCommit<T>(flush: (items: T[]) => Promise<void>, maxBatch = 200): (item: T) => Promise<void> {
  let queue: { item: T; resolve: () => void; reject: (err: unknown) => void }[] = [];
  let flushing = false;

  async function drain(): Promise<void> {
    flushing = true;
    while (queue.length) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      try {
        await flush(batch.map((b) => b.item));
        for (const b of batch) b.resolve();
      } catch (err) {
        if (batch.length === 1) batch[0]?.reject(err);
        else {
          for (const b of batch) {
            try {
              await flush([b.item]);
              b.resolve();
            } catch (one) {
              b.reject(one);
            }
          }
        }
      }
    }
    flushing = false;
  }

  return (item) =>
    new Promise<void>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (!flushing) void drain();
    });
}
