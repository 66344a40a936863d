import type { ChannelName } from './message.js';
import type { Services } from './services.js';

/** What the associate sees after a vote (Chinese: the associates' language). */
export const VOTE_TOASTS = {
  up: '感谢反馈，已记录 👍',
  down: '收到，我们会改进这条回答 🙏',
  invalid: '这个按钮已失效，请重新提问',
};

export interface Vote {
  /** Record id: derived from the press or the reply, so a repeated press is recorded once. */
  id: string;
  channel: ChannelName;
  storeId: string;
  userId: string;
  chatId: string;
  replyId: string;
  vote: 'up' | 'down';
}

/** Records a 👍/👎 on a reply as an interaction of kind 'vote' linked by replyId (any channel). */
export async function recordVote(services: Services, v: Vote): Promise<void> {
  await services.crm.logInteraction({
    id: v.id.slice(0, 64),
    at: services.clock.now(),
    kind: 'vote',
    channel: v.channel,
    storeId: v.storeId,
    userId: v.userId,
    chatId: v.chatId,
    text: '',
    intent: 'other',
    products: [],
    sources: [],
    mode: 'structured',
    declined: false,
    latencyMs: 0,
    answer: '',
    replyId: v.replyId,
    vote: v.vote,
  });
}
