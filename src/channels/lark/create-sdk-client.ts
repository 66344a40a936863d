import * as lark from '@larksuiteoapi/node-sdk';
import type { Logger } from '../../ports/logger.js';

export interface SdkClientOptions {
  appId: string;
  appSecret: string;
  /** Base URL, e.g. https://open.feishu.cn or a local fake. */
  domain: string;
  logger: Logger;
}

export interface SdkClientHandle {
  client: lark.Client;
  /** Forgets the cached tenant token (after Lark says it is invalid). */
  clearToken(): void;
}

/**
 * The official SDK client with its own tenant-token cache (the SDK's default cache is
 * process-global), and its logging routed to ours: API failures are logged by the caller
 * with context, so the SDK's own error lines go to debug.
 */
export function createSdkClient(opts: SdkClientOptions): SdkClientHandle {
  const store = new Map<string, { value: unknown; expire: number | undefined }>();
  const key = (k: unknown, ns?: string) => `${ns ?? ''}:${String(k)}`;
  const cache = {
    async set(k: unknown, value: unknown, expire?: number, o?: { namespace?: string }) {
      store.set(key(k, o?.namespace), { value, expire });
      return true;
    },
    async get(k: unknown, o?: { namespace?: string }) {
      const hit = store.get(key(k, o?.namespace));
      if (!hit) return undefined;
      if (hit.expire !== undefined && hit.expire < Date.now()) {
        store.delete(key(k, o?.namespace));
        return undefined;
      }
      return hit.value;
    },
  };
  const log = opts.logger.child({ component: 'lark-sdk' });
  const line = (msg: unknown[]) => ({ sdk: msg.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' ') });
  const client = new lark.Client({
    appId: opts.appId,
    appSecret: opts.appSecret,
    domain: opts.domain,
    appType: lark.AppType.SelfBuild,
    loggerLevel: lark.LoggerLevel.warn,
    cache,
    logger: {
      error: (...m: unknown[]) => log.debug(line(m), 'lark sdk error'),
      warn: (...m: unknown[]) => log.warn(line(m), 'lark sdk warning'),
      info: (...m: unknown[]) => log.debug(line(m)),
      debug: (...m: unknown[]) => log.debug(line(m)),
      trace: () => {},
    },
  });
  return { client, clearToken: () => store.clear() };
}
