/** What one conversation (same user, same chat) remembers for follow-ups. */
export interface ConversationState {
  /** Product ids of the recent turns, most recent first. */
  products: string[];
  /** Competitor doc ids of the recent turns, most recent first. */
  competitors: string[];
  lastIntent?: string;
  lastQuestion?: string;
  /** Product ids offered in a clarifying question (`1`/`2` picks one), cleared by the next answer. */
  choices?: string[];
  /**
   * The case the conversation is handling: the playbook of a complaint answer or the scenario
   * script of an objection answer; follow-ups that name nothing new are answered from it.
   */
  caseDoc?: string;
  /** The folded part of the last answer (after 【更多】), sent when the user replies `1` (WeCom, WeChat). */
  more?: string;
  /** Epoch ms of the last turn; state older than the idle window is discarded. */
  updatedAt: number;
}

export function emptyConversation(now: number): ConversationState {
  return { products: [], competitors: [], updatedAt: now };
}

export function conversationKey(channel: string, chatId: string, userId: string): string {
  return `${channel}:${chatId}:${userId}`;
}
