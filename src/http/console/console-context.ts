import type { Context } from 'hono';
import type { Services } from '../../core/services.js';
import type { Actor } from '../../features/tickets/ticket-actions.js';
import type { PackIssue } from '../../ports/knowledge.js';
import { DEFAULT_STORE } from '../../ports/roles.js';
import type { StorageAdapter } from '../../ports/storage.js';
import type { ConsoleActor, ConsoleSessionRecord, ConsoleSessions } from './console-session.js';
import type { SafeHtml } from './html.js';
import type { ImportBatch } from './import-page.js';
import { page } from './layout.js';

/** What the console's pages are built from; wired once by the entry. */
export interface ConsoleDeps {
  services: Services;
  sessions: ConsoleSessions;
  /** 👎 votes marked fixed, by the voted reply's id. */
  fixes: StorageAdapter<VoteFix>;
  /** Imports waiting for confirmation, by batch id. */
  imports: StorageAdapter<ImportBatch>;
  /** Reads an uploaded .csv/.xlsx into rows (Node); absent where uploads are not supported. */
  readTable?: (name: string, bytes: Uint8Array) => string[][];
  /** The pack's current validation problems (re-read on demand). */
  packIssues: () => Promise<PackIssue[]>;
  /** Loads a product list from the configured Feishu Bitable table, if one is configured. */
  bitable?: { label: string; fetchRows: () => Promise<Record<string, string>[]> };
}

/** A 👎 marked fixed: the curated answer that now answers the question. */
export interface VoteFix {
  faqId: string;
  at: number;
  by: string;
}

/** The session of the request, put there by the console's auth middleware. */
export type ConsoleEnv = { Variables: { session: ConsoleSessionRecord; sessionKey: string } };
export type ConsoleContext = Context<ConsoleEnv>;

/** The stores a console user may see: a manager only their own; the admin all (or one by `?store=`). */
export function storeScope(actor: ConsoleActor, requested?: string): string | undefined {
  if (actor.kind === 'manager') return actor.storeId ?? DEFAULT_STORE;
  return requested?.trim() || undefined;
}

/** Every store (for the admin's filter). */
export function allStores(services: Services): { id: string; name?: string }[] {
  return services.roles.stores?.() ?? [{ id: DEFAULT_STORE }];
}

/** The console user as a ticket/intel actor. */
export function toActor(a: ConsoleActor): Actor {
  return a.kind === 'admin'
    ? { id: 'admin', name: '管理员', role: 'manager', storeId: DEFAULT_STORE, admin: true }
    : { id: a.id, name: a.name, role: 'manager', storeId: a.storeId ?? DEFAULT_STORE };
}

/** Renders a console page for the logged-in user. */
export function renderPage(
  c: ConsoleContext,
  o: { title: string; active: string; body: SafeHtml; charts?: boolean; flash?: { kind: 'ok' | 'err'; text: string } },
  status: 200 | 400 | 404 | 422 = 200,
) {
  const s = c.get('session');
  const flash = o.flash ?? s.flash;
  return c.html(page({ ...o, actor: s.actor, csrf: s.csrf, ...(flash ? { flash } : {}) }), status);
}
