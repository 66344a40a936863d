import type { UserInfo } from '../ports/roles.js';

/** The intents the assistant distinguishes; names are part of the public contract. */
export const INTENTS = [
  'product_question',
  'competitor_compare',
  'objection_handling',
  'complaint',
  'feedback_report',
  'quiz_answer',
  'command',
  'other',
] as const;
export type Intent = (typeof INTENTS)[number];

/** Pack document types; `faq` is the project's own curated-answer type (an extension of the pack contract). */
export type DocType = 'product' | 'competitor' | 'script' | 'playbook' | 'faq';

/** A citation: a knowledge document id and, where known, its section heading. */
export interface SourceRef {
  id: string;
  type: DocType;
  section?: string;
}

/**
 * A titled part of a reply. Channels render blocks as card sections (Lark) or numbered
 * plain text (WeCom, WeChat); `kind` lets them pick an icon or layout.
 */
export interface ReplyBlock {
  kind: 'fact' | 'fabe' | 'compare' | 'steps' | 'script' | 'taboo' | 'sla' | 'note' | 'ticket' | 'quiz' | 'list';
  title: string;
  lines: string[];
}

/** A button or choice a channel may render (votes, quiz options, confirmations). */
export interface ReplyAction {
  id: string;
  label: string;
  /** Opaque value returned by the platform when pressed. */
  value: Record<string, string>;
  style?: 'primary' | 'default' | 'danger';
}

/**
 * What the assistant says back. Every channel renders the same Reply; `text` is the
 * canonical plain-text rendering (also the CLI's `answer`).
 */
export interface Reply {
  /** Stable id of this reply, used to link votes to the interaction. */
  id: string;
  intent: Intent;
  title: string;
  blocks: ReplyBlock[];
  text: string;
  products: string[];
  sources: SourceRef[];
  mode: 'structured' | 'llm';
  declined: boolean;
  /**
   * Answered, but part of what was asked is not in the pack (a sheet without a warranty
   * line): logged as a knowledge gap like a decline.
   */
  gap?: string;
  latencyMs: number;
  actions?: ReplyAction[];
}

/** Options a channel passes when it can show an answer while it is being written. */
export interface HandleOptions {
  /**
   * A verified identity the transport resolved itself (an authenticated HTTP session or
   * per-user token). When absent, roles come from the platform's sender id; HTTP callers
   * without a verified identity get a guest associate, never a role they claim.
   */
  user?: UserInfo;
  /**
   * Called with the full text so far, in LLM mode only, at most a few times a second.
   * A channel that streams (Lark CardKit) updates its card; the final Reply still follows.
   */
  onPartialText?: (textSoFar: string) => Promise<void> | void;
}
