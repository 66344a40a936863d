import { Composer } from '../../core/composer.js';
import { MORE_REQUEST } from '../../core/render-text.js';

/**
 * `1` after an answer folded on a chat app (WeCom, WeChat: "回复 1 看更多") sends the folded
 * part. A pending clarifying question wins: there `1` picks the first choice.
 */
export function createMoreFeature(): Composer {
  const c = new Composer();
  c.use(async (ctx, next) => {
    const { more, choices } = ctx.conversation;
    if (!more || choices?.length || !MORE_REQUEST.test(ctx.msg.text)) return next();
    ctx.respond({
      intent: 'other',
      title: '更多',
      blocks: [],
      text: more,
      products: [...ctx.conversation.products.slice(0, 1)],
      sources: [],
      mode: 'structured',
      declined: false,
    });
  });
  return c;
}
