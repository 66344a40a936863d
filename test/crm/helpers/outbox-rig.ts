import { createOutboxDispatcher } from '../../../src/adapters/crm/outbox-dispatcher.js';
import { openSqlite } from '../../../src/adapters/db/create-db.js';
import { createSqlOutbox } from '../../../src/adapters/db/crm/sql-outbox.js';
import { createSqlCrm } from '../../../src/adapters/db/sql-crm.js';
import { createManualClock } from '../../../src/ports/clock.js';
import { createCounterIds } from '../../../src/ports/ids.js';
import { silentLogger } from '../../../src/ports/logger.js';
import type { OutboxSink } from '../../../src/ports/outbox.js';

/** A SQLite CRM whose outbox feeds the given sinks, with a manual clock and a dispatcher. */
export async function createOutboxRig(makeSinks: (now: () => number) => OutboxSink[]) {
  const db = await openSqlite(':memory:');
  const clock = createManualClock(Date.now());
  const now = () => clock.now();
  const sinks = makeSinks(now);
  const crm = createSqlCrm(db.db, { outbox: sinks, ids: createCounterIds(), piiSalt: 's' });
  const store = createSqlOutbox(db.db);
  const dispatcher = createOutboxDispatcher({
    store,
    sinks,
    now,
    logger: silentLogger,
    baseDelayMs: 1000,
    maxDelayMs: 60_000,
  });
  const pending = async () =>
    (await store.counts()).filter((c) => c.status === 'pending').reduce((n, c) => n + c.count, 0);
  /** Runs the dispatcher, moving the clock a minute each time, until nothing is pending (or `max` runs). */
  const drain = async (max = 50) => {
    for (let i = 0; i < max && (await pending()) > 0; i++) {
      clock.advance(60_000);
      await dispatcher.runOnce();
    }
  };
  return { db, clock, crm, store, dispatcher, pending, drain, close: () => db.close() };
}
