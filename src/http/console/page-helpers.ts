import { formatChinaTime } from '../../features/feedback/china-time.js';
import { allStores, type ConsoleContext, type ConsoleDeps } from './console-context.js';
import { h, type SafeHtml } from './html.js';

/** The hidden CSRF field every console form carries. */
export const csrfField = (c: ConsoleContext) => h`<input type="hidden" name="_csrf" value="${c.get('session').csrf}">`;

/** Redirects after a form, with a message shown once on the next page. */
export async function flashRedirect(
  c: ConsoleContext,
  deps: ConsoleDeps,
  location: string,
  kind: 'ok' | 'err',
  text: string,
) {
  await deps.sessions.save(c, { ...c.get('session'), flash: { kind, text } });
  return c.redirect(location, 303);
}

/** A form field value from a parsed body (strings only). */
export const field = (body: Record<string, unknown>, name: string) => {
  const v = body[name];
  return typeof v === 'string' ? v : '';
};

export const when = (ms: number | undefined) => (ms === undefined ? '—' : formatChinaTime(ms));

/** The admin's store picker (a GET form); managers see only their store, so they get nothing. */
export function storePicker(c: ConsoleContext, deps: ConsoleDeps, current: string | undefined, extra: SafeHtml = h``) {
  if (c.get('session').actor.kind !== 'admin') return h``;
  const stores = allStores(deps.services);
  return h`<form method="get" class="row picker">${extra}
<label class="inline">门店<select name="store">
<option value="">全部门店</option>${stores.map((s) => h`<option value="${s.id}" ${s.id === current ? 'selected' : ''}>${s.name ?? s.id}</option>`)}
</select></label><button type="submit" class="ghost">筛选</button></form>`;
}

/** A document's display name: title, never the internal id alone. */
export function docTitle(deps: ConsoleDeps, id: string): string {
  const d = deps.services.knowledge.get(id);
  if (!d) return id;
  return d.type === 'product' ? d.name : d.title;
}
