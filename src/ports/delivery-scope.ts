import { AsyncLocalStorage } from 'node:async_hooks';

const scope = new AsyncLocalStorage<string>();

/**
 * Runs `fn` as part of one durable unit of work (a job, by its key). Channel clients derive
 * the platform's idempotency key of every send made inside it from that key, so when the
 * work runs again because its instance died half-way, the sends already made are not made
 * twice where the platform dedupes (Lark `uuid`, one hour). AsyncLocalStorage is in Node and
 * in Workers (nodejs_compat).
 */
export function runInDeliveryScope<T>(key: string, fn: () => Promise<T>): Promise<T> {
  return scope.run(key, fn);
}

/** The key of the durable work the caller runs in, if any. */
export function deliveryScope(): string | undefined {
  return scope.getStore();
}
