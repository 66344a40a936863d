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
  /** Jobs run at once by this instance (default 8); a long fan-out does not hold up reminders. */
  concurrency?: number;
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
  const concurrency = opts.concurrency ?? 8;
  let timer: ReturnType<typeof setInterval> | undefined;
  let polling: Promise<Promise<void>[]> | undefined;
  const inflight = new Set<Promise<void>>();

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

  /** Compare-and-set on the lock read with the row: of instances racing for it, one wins. */
  async function claim(row: Database['jobs']): Promise<JobInfo | undefined> {
    const t = opts.now();
    const res = await db
      .updateTable('jobs')
      .set({ locked_until: t + leaseMs, locked_by: owner, attempts: row.attempts + 1 })
      .where('id', '=', row.id)
      .where('status', '=', 'pending')
      .where('locked_until', '=', row.locked_until)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) return undefined;
    return {
      id: row.id,
      key: row.key,
      name: row.name,
      runAt: Number(row.run_at),
      payload: JSON.parse(row.payload),
      attempts: row.attempts + 1,
    };
  }

  async function execute(job: JobInfo): Promise<void> {
    const handler = handlers.get(job.name);
    try {
      if (!handler) throw new Error(`No handler registered for job "${job.name}"`);
      await withLease(job.id, () => runInDeliveryScope(`job:${job.key}`, () => handler(job.payload, job)));
      await db.updateTable('jobs').set({ status: 'done', last_error: null }).where('id', '=', job.id).execute();
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
        .where('id', '=', job.id)
        .execute();
    }
  }

  /** Claims due jobs while this instance has room and starts them; resolves with the started runs. */
  async function pollOnce(): Promise<Promise<void>[]> {
    const room = concurrency - inflight.size;
    if (room <= 0) return [];
    const t = opts.now();
    // Twice the room: rows another instance claims first are skipped.
    const due = await db
      .selectFrom('jobs')
      .selectAll()
      .where('status', '=', 'pending')
      .where('run_at', '<=', t)
      .where('locked_until', '<', t)
      .orderBy('run_at')
      .limit(room * 2)
      .execute();
    const started: Promise<void>[] = [];
    for (const row of due) {
      if (started.length >= room) break;
      const job = await claim(row);
      if (!job) continue;
      const run = execute(job).finally(() => inflight.delete(run));
      inflight.add(run);
      started.push(run);
    }
    return started;
  }

  /** One poll at a time per instance; concurrent callers share it. */
  function poll(): Promise<Promise<void>[]> {
    if (!polling) polling = pollOnce().finally(() => (polling = undefined));
    return polling;
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
      // Until nothing due is left (bounded, so a job that keeps scheduling itself cannot spin).
      let ran = 0;
      for (let round = 0; round < 100; round++) {
        const started = await poll();
        if (!started.length) break;
        await Promise.all(started);
        ran += started.length;
      }
      return ran;
    },
    start(intervalMs = 1000) {
      if (timer) return;
      // The poll does not wait for the jobs it starts: a long job never delays the next due one.
      timer = setInterval(() => {
        poll().catch(() => {});
      }, intervalMs);
      timer.unref?.();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await polling;
      await Promise.allSettled([...inflight]);
    },
  };
}
