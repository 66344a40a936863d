import type { Reply, ReplyBlock } from '../core/reply.js';
import type { KnowledgeBase } from '../ports/knowledge.js';

/** A source as the chat page shows it: the document's title and section, never its internal id alone. */
export interface ChatCardSource {
  id: string;
  type: string;
  section?: string;
  /** The document's title (a product's name). */
  title: string;
}

/** The reply as the chat page renders it, like the Lark card: blocks, sources with titles, the reply id for votes. */
export interface ChatCard {
  reply_id: string;
  title: string;
  blocks: ReplyBlock[];
  sources: ChatCardSource[];
  declined: boolean;
  /** Free text when the reply has no blocks (LLM answers, errors). */
  text?: string;
}

/** Builds the chat page's card for a reply (`POST /api/chat?view=card`). */
export function toChatCard(reply: Reply, kb: KnowledgeBase): ChatCard {
  return {
    reply_id: reply.id,
    title: reply.title,
    blocks: reply.blocks,
    sources: reply.sources.map((s) => {
      const d = kb.get(s.id);
      const title = !d ? '资料' : d.type === 'product' ? d.name : d.title;
      return { id: s.id, type: s.type, ...(s.section ? { section: s.section } : {}), title };
    }),
    declined: reply.declined,
    ...(reply.blocks.length === 0 ? { text: reply.text } : {}),
  };
}
