/** JSON-serialisable job payload. */
export type JobPayload = Record<string, unknown>;

export interface JobSpec {
  /** Handler name. */
  name: string;
  /** Epoch ms when the job becomes due. */
  runAt: number;
  payload: JobPayload;
  /** Unique key: scheduling an existing key again is a no-op (idempotent reminders). */
  key: string;
}

export interface JobInfo extends JobSpec {
  id: string;
  attempts: number;
}

export type JobHandler = (payload: JobPayload, job: JobInfo) => Promise<void>;

/**
 * Durable timers (reminders, SLA checks, deadlines, digests). A due job runs on exactly one
 * instance at a time; a job that throws is retried with backoff; jobs survive restarts. When
 * the instance running a job dies, another runs it again after the lease, inside the same
 * delivery scope (ports/delivery-scope.ts), so the messages it had already sent are not
 * sent twice.
 */
export interface Jobs {
  schedule(spec: JobSpec): Promise<void>;
  cancel(key: string): Promise<void>;
  handle(name: string, handler: JobHandler): void;
  /** Claims and runs every due job once; returns how many ran. Tests call it directly. */
  runDue(): Promise<number>;
  /** Starts polling every `intervalMs`. */
  start(intervalMs?: number): void;
  stop(): Promise<void>;
}
