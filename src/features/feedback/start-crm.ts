import type { Services } from '../../core/services.js';
import { registerIntelJobs, restoreApprovedIntel } from '../intel/intel-actions.js';
import { ensureTicketTimers, registerTicketJobs } from '../tickets/ticket-timers.js';
import { registerDigestJob, scheduleWeeklyDigests } from '../tickets/weekly-digest.js';

/** Registers every CRM job handler (SLA notices, reminders, escalations, intel review, digests). Once per process. */
export function registerCrmJobs(services: Services): void {
  registerTicketJobs(services);
  registerIntelJobs(services);
  registerDigestJob(services);
}

/**
 * Start-up work after the knowledge base is loaded: re-index approved intel and, unless
 * `repairs` is false (the Worker runs them from its cron, not at every isolate start), the
 * timer repairs of `repairCrmTimers`. Idempotent.
 */
export async function startCrm(
  services: Services,
  opts: { repairs?: boolean } = {},
): Promise<{ intel: number; openTickets: number }> {
  const intel = await restoreApprovedIntel(services);
  const openTickets = opts.repairs === false ? 0 : await repairCrmTimers(services);
  return { intel, openTickets };
}

/** Makes sure every open ticket has its timers and the weekly digests are scheduled. Idempotent. */
export async function repairCrmTimers(services: Services): Promise<number> {
  const openTickets = await ensureTicketTimers(services);
  await scheduleWeeklyDigests(services);
  return openTickets;
}
