import type { Context } from '../../core/context.js';
import type { OutboundTarget } from '../../core/message.js';
import { renderPlainText } from '../../core/render-text.js';
import type { Intent, Reply, ReplyBlock } from '../../core/reply.js';
import type { Services } from '../../core/services.js';

/** A reply that is not an answer to a message: reminders, escalations, digests. */
export function buildNotice(
  services: Services,
  title: string,
  blocks: ReplyBlock[],
  intent: Intent = 'command',
): Reply {
  return {
    id: services.ids.next('r_'),
    intent,
    title,
    blocks,
    text: renderPlainText(title, blocks, []),
    products: [],
    sources: [],
    mode: 'structured',
    declined: false,
    latencyMs: 0,
  };
}

/**
 * Sends a notice to each target whose channel has a client. Throws (so the job is retried)
 * only when every attempted send failed; returns how many went out.
 */
export async function sendNotice(services: Services, targets: OutboundTarget[], reply: Reply): Promise<number> {
  let sent = 0;
  let lastError: unknown;
  for (const t of targets) {
    if (!services.messenger.get(t.channel)) {
      services.logger.warn({ channel: t.channel, title: reply.title }, 'no client for this channel; notice not sent');
      continue;
    }
    try {
      await services.messenger.send(t, reply);
      sent++;
    } catch (err) {
      lastError = err;
      services.logger.warn({ err, channel: t.channel, title: reply.title }, 'notice send failed');
    }
  }
  if (sent === 0 && lastError) throw lastError;
  return sent;
}

/** A structured command reply (intent `command` unless given, no sources). */
export function respondCommand(ctx: Context, title: string, blocks: ReplyBlock[], intent: Intent = 'command'): Reply {
  return ctx.respond({ intent, title, blocks, products: [], sources: [], mode: 'structured', declined: false });
}

/** The name to record for the sender: the roles file's name, else the platform's. */
export function actorName(ctx: Context): string | undefined {
  return ctx.user.name ?? ctx.msg.userName;
}
