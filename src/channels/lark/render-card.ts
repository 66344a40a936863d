import { formatSources, splitFirstScreen } from '../../core/render-text.js';
import type { Reply, ReplyAction, ReplyBlock } from '../../core/reply.js';
import { isSafeUserId, safeMarkdownText, sanitizeLlmMarkdown } from './card-markdown.js';

/** A Lark card JSON 2.0 object. */
export type CardJson = Record<string, unknown>;

/** `value.action` of the 👍/👎 buttons; the vote handler is registered under it. */
export const VOTE_ACTION = 'vote';

const ICONS: Record<ReplyBlock['kind'], string> = {
  fact: '📌',
  fabe: '💎',
  compare: '⚖️',
  steps: '🧭',
  script: '💬',
  taboo: '⛔',
  sla: '⏱️',
  note: '📝',
  ticket: '🎫',
  quiz: '❓',
  list: '📋',
};

function headerTemplate(reply: Reply): string {
  if (reply.declined) return 'grey';
  if (reply.intent === 'complaint') return 'orange';
  if (reply.intent === 'competitor_compare') return 'purple';
  return 'blue';
}

function plain(elementId: string, content: string, textSize?: string): CardJson {
  return {
    tag: 'div',
    element_id: elementId,
    text: { tag: 'plain_text', content, ...(textSize ? { text_size: textSize } : {}) },
  };
}

/** A block: its title as bold markdown, its lines as plain text (shown verbatim, never parsed). */
function blockElements(b: ReplyBlock, i: number): CardJson[] {
  const out: CardJson[] = [];
  if (b.title)
    out.push({
      tag: 'markdown',
      element_id: `blk_${i}_t`,
      content: `**${ICONS[b.kind] ?? ''} ${safeMarkdownText(b.title)}**`,
    });
  const lines = b.lines.map((l, j) => (b.kind === 'steps' ? `${j + 1}. ` : '· ') + l);
  if (lines.length) out.push(plain(`blk_${i}`, lines.join('\n')));
  return out;
}

function button(elementId: string, label: string, value: Record<string, string>, type = 'default'): CardJson {
  return {
    tag: 'button',
    element_id: elementId,
    text: { tag: 'plain_text', content: label },
    type,
    size: 'small',
    behaviors: [{ type: 'callback', value }],
  };
}

function buttonRow(buttons: CardJson[]): CardJson {
  return {
    tag: 'column_set',
    flex_mode: 'flow',
    horizontal_spacing: '8px',
    columns: buttons.map((b) => ({ tag: 'column', width: 'auto', elements: [b] })),
  };
}

/** Element ids: a letter first, then letters, digits and `_`, at most 20 characters. */
function elementId(prefix: string, raw: string): string {
  return `${prefix}${raw.replace(/[^A-Za-z0-9_]/g, '_')}`.slice(0, 20);
}

function actionButtons(actions: ReplyAction[]): CardJson[] {
  const style = (s: ReplyAction['style']) => (s === 'primary' ? 'primary' : s === 'danger' ? 'danger' : 'default');
  return actions.map((a, i) => button(elementId(`act${i}_`, a.id), a.label, a.value, style(a.style)));
}

export interface RenderCardOptions {
  /** Open ids to @-mention at the top of the card. */
  mention?: string[];
  /** Add 👍/👎 buttons (default: yes, except for commands). */
  votes?: boolean;
}

/** The body elements for a reply: title + lines per block, or the text itself. */
export function replyBodyElements(reply: Reply): CardJson[] {
  if (reply.blocks.length === 0) {
    return reply.mode === 'llm'
      ? [{ tag: 'markdown', element_id: 'answer', content: sanitizeLlmMarkdown(reply.text) }]
      : [plain('answer', reply.text)];
  }
  // The first screen shows; the rest sits in a collapsed 更多 panel (Card JSON 2.0 collapsible_panel).
  const { first, more } = splitFirstScreen(reply.title, reply.blocks);
  const out = first.flatMap(blockElements);
  if (more.length) {
    out.push({
      tag: 'collapsible_panel',
      element_id: 'more',
      expanded: false,
      header: { title: { tag: 'plain_text', content: '更多' } },
      elements: more.flatMap((b, i) => blockElements(b, first.length + i)),
    });
  }
  return out;
}

/**
 * Renders a Reply as an interactive card (JSON 2.0): header with the title, one section
 * per block (FABE, comparison, playbook steps…), a sources footer, the reply's own
 * action buttons and 👍/👎 vote buttons whose callback value carries the reply id.
 */
export function renderCard(reply: Reply, opts: RenderCardOptions = {}): CardJson {
  const elements: CardJson[] = [];
  if (opts.mention?.length) {
    const ats = opts.mention.filter(isSafeUserId).map((id) => `<at id=${id}></at>`);
    if (ats.length) elements.push({ tag: 'markdown', element_id: 'mentions', content: ats.join(' ') });
  }
  elements.push(...replyBodyElements(reply));
  const sources = formatSources(reply.sources);
  if (sources) {
    elements.push({ tag: 'hr', element_id: 'src_hr' });
    elements.push(plain('sources', sources, 'notation'));
  }
  const buttons = actionButtons(reply.actions ?? []);
  if (opts.votes ?? reply.intent !== 'command') {
    buttons.push(button('vote_up', '👍 有用', { action: VOTE_ACTION, reply_id: reply.id, vote: 'up' }));
    buttons.push(button('vote_down', '👎 没帮助', { action: VOTE_ACTION, reply_id: reply.id, vote: 'down' }));
  }
  if (buttons.length) elements.push(buttonRow(buttons));
  const title = reply.title || '导购助手';
  return {
    schema: '2.0',
    config: { update_multi: true, summary: { content: title } },
    header: { title: { tag: 'plain_text', content: title }, template: headerTemplate(reply) },
    body: { elements },
  };
}

/** Counts every component in a card body (containers and their children), as Lark does. */
export function countCardElements(node: unknown): number {
  if (Array.isArray(node)) return node.reduce((n: number, x) => n + countCardElements(x), 0);
  if (typeof node !== 'object' || node === null) return 0;
  const obj = node as Record<string, unknown>;
  // Text objects (plain_text inside div/button) are properties, not components.
  let n = typeof obj.tag === 'string' && obj.tag !== 'plain_text' && obj.tag !== 'lark_md' ? 1 : 0;
  for (const key of ['elements', 'columns']) if (key in obj) n += countCardElements(obj[key]);
  return n;
}
