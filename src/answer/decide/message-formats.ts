/**
 * The bot's own message syntax (documented in the README's command list): these are
 * protocol, not language, so they are matched exactly rather than learned.
 */

/** Explicit report prefixes: the associate is filing something, not asking. */
export const REPORT_PREFIX = /^(?:反馈|投诉|上报|记一下|记录一下|记录|登记|报备|反映|竞品)[下个一]?\s*[：:，,\s]/;
/** Slash commands and the manager keywords. */
export const COMMAND = /^\s*[/／]|^(?:工单|结单|采纳|驳回|积分榜|我的成长|帮助|菜单)(?:\s|#|$|＃)/;
/** Quiz answers: `1A 2C`, `1.B 2.D`. */
export const QUIZ_ANSWER = /^\s*(?:\d{1,2}\s*[.、:：-]?\s*[A-Da-d]\s*[,，;；、\s]*)+$/;
