import type { Logger } from '../../ports/logger.js';
import type { LarkApi } from './lark-api.js';

/** The bot's own open_id, needed to tell an @bot from other mentions in groups. */
export interface BotIdentity {
  /** Cached; fetched again (at most every `retryMs`) while unknown. */
  openId(): Promise<string | undefined>;
}

/** Reads GET /open-apis/bot/v3/info once it is first needed (or at start), logging what to fix on failure. */
export function createBotIdentity(api: LarkApi, logger: Logger, retryMs = 30_000): BotIdentity {
  let known: string | undefined;
  let lastTry = Number.NEGATIVE_INFINITY;
  let pending: Promise<string | undefined> | undefined;
  const load = async (): Promise<string | undefined> => {
    lastTry = Date.now();
    try {
      const info = await api.botInfo();
      known = info.openId;
      logger.info({ botOpenId: known, name: info.name }, 'lark bot identity loaded');
    } catch (err) {
      logger.error(
        { err },
        'could not read the Lark bot identity (GET /open-apis/bot/v3/info); group @mentions are ignored until it works — check LARK_APP_ID, LARK_APP_SECRET, LARK_DOMAIN and that the app has the bot ability',
      );
    }
    return known;
  };
  return {
    async openId() {
      if (known) return known;
      if (!pending && Date.now() - lastTry >= retryMs) pending = load().finally(() => (pending = undefined));
      return pending ?? known;
    },
  };
}
