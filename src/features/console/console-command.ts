import { Composer } from '../../core/composer.js';
import type { ReplyDraft } from '../../core/context.js';
import { formatChinaTime } from '../feedback/china-time.js';

const CONSOLE = /^\s*[/／](?:console|管理台|后台)\s*$/i;

const note = (title: string, lines: string[]): ReplyDraft => ({
  intent: 'command',
  title,
  blocks: [{ kind: 'note', title: '', lines }],
  products: [],
  sources: [],
  mode: 'structured',
  declined: false,
});

/**
 * `/console`: a manager gets a one-time console login link (valid 10 minutes) in a private
 * message. The link goes out by itself, never in the logged reply, so the interaction log
 * never holds a usable link.
 */
export function createConsoleCommand(): Composer {
  const c = new Composer();
  c.command(CONSOLE, async (ctx) => {
    const { consoleLinks, messenger, logger } = ctx.services;
    if (ctx.user.role !== 'manager') {
      ctx.respond(note('管理台', ['只有店长可以打开管理台；如需查看数据，请联系店长。']));
      return;
    }
    if (!consoleLinks) {
      ctx.respond(note('管理台', ['这个部署没有开启管理台。']));
      return;
    }
    const link = await consoleLinks.issue({
      channel: ctx.msg.channel,
      userId: ctx.msg.userId,
      storeId: ctx.user.storeId,
      ...(ctx.user.name || ctx.msg.userName ? { name: ctx.user.name ?? ctx.msg.userName } : {}),
    });
    const linkReply = {
      ...note('管理台登录链接', [link.url, `${formatChinaTime(link.expiresAt)} 前有效，只能使用一次；请勿转发。`]),
      id: ctx.services.ids.next('r_'),
      text: `管理台登录链接（${formatChinaTime(link.expiresAt)} 前有效，只能用一次，请勿转发）：\n${link.url}`,
      latencyMs: 0,
    };
    try {
      await messenger.send({ channel: ctx.msg.channel, chatId: ctx.msg.userId }, linkReply);
      ctx.respond(note('管理台', ['登录链接已私信发给你，10 分钟内有效，只能使用一次。']));
    } catch (err) {
      logger.warn({ err }, 'could not send the console link privately');
      ctx.respond(note('管理台', ['私信发送失败，请先和机器人开启单聊后再发送 /console。']));
    }
  });
  return c;
}
