import type { Kysely } from 'kysely';
import { runInDeliveryScope } from '../../ports/delivery-scope.js';
import type { Ids } from '../../ports/ids.js';
import type { JobHandler, JobInfo, Jobs } from '../../ports/jobs.js';
import type { Database } from './schema.js';

export interface SqlJobsOptions {
  now: () => number;
  ids: Ids;
  /** This instance's lock-holder id (default: a random UUID per process). */
  owner?: string;
  /**
   * How long a claimed job is locked; renewed every third of it while the handler runs, so
   * another instance retries it only when the holder died (default 15 s).
   */
  leaseMs?: number;
  maxAttempts?: number;
  onError?: (err: unknown, job: JobInfo) => void;
}

/**
 * Durable jobs on SQLite or PostgreSQL. A due job is claimed by compare-and-set on its lock,
 * so across instances it runs once; the lock is renewed while the handler runs, and when
 * the holder dies another instance runs the job again after the lease. That re-run sends
 * nothing twice: handlers run in a delivery scope keyed by the job, from which channel
 * clients derive their platform idempotency keys. A failing job is retried with backoff.
 */
export function createSqlJobs(db: Kysely<Database>, opts: SqlJobsOptions): Jobs {
  const handlers = new Map<string, JobHandler>();
  const owner = opts.owner ?? crypto.randomUUID();
  const leaseMs = opts.leaseMs ?? 15_000;
  const maxAttempts = opts.maxAttempts ?? 8;
  let timer: ReturnType<typeof setInterval> | undefined;
  let running: Promise<number> | undefined;

  /** Keeps the lock while `work` runs; the CAS on locked_by fences off a holder that lost it. */
  async function withLease<T>(id: string, work: () => Promise<T>): Promise<T> {
    const beat = setInterval(
      () => {
        db.updateTable('jobs')
          .set({ locked_until: opts.now() + leaseMs })
          .where('id', '=', id)
          .where('locked_by', '=', owner)
          .where('status', '=', 'pending')
          .execute()
          .catch(() => {});
      },
      Math.max(1, Math.floor(leaseMs / 3)),
    );
    beat.unref?.();
    try {
      return await work();
    } finally {
      clearInterval(beat);
    }
  }

  async function runOne(row: Database['jobs']): Promise<boolean> {
    const t = opts.now();
    const claim = await db
      .updateTable('jobs')
      .set({ locked_until: t + leaseMs, locked_by: owner, attempts: row.attempts + 1 })
      .where('id', '=', row.id)
      .where('status', '=', 'pending')
      .where('locked_until', '=', row.locked_until)
      .executeTakeFirst();
    if (Number(claim.numUpdatedRows) !== 1) return false;
    const job: JobInfo = {
      id: row.id,
      key: row.key,
      name: row.name,
      runAt: Number(row.run_at),
      payload: JSON.parse(row.payload),
      attempts: row.attempts + 1,
    };
    const handler = handlers.get(row.name);
    try {
      if (!handler) throw new Error(`No handler registered for job "${row.name}"`);
      await withLease(row.id, () => runInDeliveryScope(`job:${row.key}`, () => handler(job.payload, job)));
      await db.updateTable('jobs').set({ status: 'done', last_error: null }).where('id', '=', row.id).execute();
    } catch (err) {
      opts.onError?.(err, job);
      const failed = job.attempts >= maxAttempts;
      const backoff = Math.min(30_000 * 2 ** (job.attempts - 1), 3_600_000);
      await db
        .updateTable('jobs')
        .set({
          status: failed ? 'failed' : 'pending',
          run_at: opts.now() + backoff,
          locked_until: 0,
          locked_by: null,
          last_error: String((err as Error)?.message ?? err).slice(0, 500),
        })
        .where('id', '=', row.id)
        .execute();
    }
    return true;
  }

  async function runDueOnce(): Promise<number> {
    const t = opts.now();
    const due = await db
      .selectFrom('jobs')
      .selectAll()
      .where('status', '=', 'pending')
      .where('run_at', '<=', t)
      .where('locked_until', '<', t)
      .orderBy('run_at')
      .limit(100)
      .execute();
    let ran = 0;
    for (const row of due) if (await runOne(row)) ran++;
    return ran;
  }

  return {
    async schedule(spec) {
      await db
        .insertInto('jobs')
        .values({
          id: opts.ids.next('job_'),
          key: spec.key,
          name: spec.name,
          run_at: spec.runAt,
          payload: JSON.stringify(spec.payload),
          status: 'pending',
          attempts: 0,
          locked_until: 0,
          locked_by: null,
          last_error: null,
        })
        .onConflict((oc) => oc.column('key').doNothing())
        .execute();
    },
    async cancel(key) {
      await db
        .updateTable('jobs')
        .set({ status: 'cancelled' })
        .where('key', '=', key)
        .where('status', '=', 'pending')
        .execute();
    },
    handle(name, handler) {
      handlers.set(name, handler);
    },
    async runDue() {
      // One sweep at a time per instance; concurrent callers share it.
      if (!running) running = runDueOnce().finally(() => (running = undefined));
      return running;
    },
    start(intervalMs = 1000) {
      if (timer) return;
      timer = setInterval(() => {
        this.runDue().catch(() => {});
      }, intervalMs);
      timer.unref?.();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
