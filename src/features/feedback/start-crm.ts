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
 * Start-up work after the knowledge base is loaded: re-index approved intel, make sure every
 * open ticket has its timers, schedule the weekly digests. Idempotent.
 */
export async function startCrm(services: Services): Promise<{ intel: number; openTickets: number }> {
  const intel = await restoreApprovedIntel(services);
  const openTickets = await ensureTicketTimers(services);
  await scheduleWeeklyDigests(services);
  return { intel, openTickets };
}
