import type { Hono } from 'hono';
import { registerAssociates } from './associates-page.js';
import type { ConsoleDeps, ConsoleEnv } from './console-context.js';
import { registerGaps } from './gaps-page.js';
import { registerImport } from './import-page.js';
import { registerIntel } from './intel-page.js';
import { registerKnowledge } from './knowledge-page.js';
import { registerOverview } from './overview-page.js';
import { registerQuizzes } from './quizzes-page.js';
import { registerTickets } from './tickets-page.js';
import { registerVotes } from './votes-page.js';

/** Mounts every console page and its data routes (behind the console's session middleware). */
export function registerPages(app: Hono<ConsoleEnv>, deps: ConsoleDeps): void {
  registerOverview(app, deps);
  registerGaps(app, deps);
  registerVotes(app, deps);
  registerTickets(app, deps);
  registerIntel(app, deps);
  registerQuizzes(app, deps);
  registerAssociates(app, deps);
  registerKnowledge(app, deps);
  registerImport(app, deps);
}
