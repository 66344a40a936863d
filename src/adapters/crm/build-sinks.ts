import type { Config } from '../../config.js';
import type { Logger } from '../../ports/logger.js';
import { OUTBOX_KINDS, type OutboxKind, type OutboxSink } from '../../ports/outbox.js';
import { createWebhookSink } from './webhook-sink.js';

/** Parses CRM_BITABLE_TABLES (`interactions=tblA1,tickets=tblB2`) into a table id per record kind. */
export function parseBitableTables(spec: string): Partial<Record<OutboxKind, string>> {
  const out: Partial<Record<OutboxKind, string>> = {};
  for (const pair of spec.split(',')) {
    const [kind, table] = pair.split('=').map((s) => s.trim());
    if (kind && table && (OUTBOX_KINDS as readonly string[]).includes(kind)) out[kind as OutboxKind] = table;
  }
  return out;
}

/**
 * The remote CRM sinks the configuration asks for (none by default: the local database is the
 * CRM). The Lark SDK is loaded only when Bitable is configured.
 */
export async function buildOutboxSinks(
  config: Config,
  deps: { now: () => number; logger: Logger },
): Promise<OutboxSink[]> {
  const sinks: OutboxSink[] = [];
  if (config.CRM_WEBHOOK_URL && config.CRM_WEBHOOK_SECRET) {
    sinks.push(createWebhookSink({ url: config.CRM_WEBHOOK_URL, secret: config.CRM_WEBHOOK_SECRET, now: deps.now }));
  }
  if (config.CRM_BITABLE_APP_TOKEN && config.CRM_BITABLE_TABLES && config.LARK_APP_ID && config.LARK_APP_SECRET) {
    const { createSdkClient } = await import('../../channels/lark/create-sdk-client.js');
    const { createBitableSink } = await import('./bitable-sink.js');
    const { client, clearToken } = createSdkClient({
      appId: config.LARK_APP_ID,
      appSecret: config.LARK_APP_SECRET,
      domain: config.LARK_DOMAIN,
      logger: deps.logger,
    });
    sinks.push(
      createBitableSink({
        client,
        appToken: config.CRM_BITABLE_APP_TOKEN,
        tables: parseBitableTables(config.CRM_BITABLE_TABLES),
        onTokenInvalid: clearToken,
      }),
    );
  }
  return sinks;
}
