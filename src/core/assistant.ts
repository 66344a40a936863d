import type { InteractionRecord } from '../ports/crm.js';
import type { Composer } from './composer.js';
import type { Context, ReplyDraft } from './context.js';
import { conversationKey, emptyConversation } from './conversation.js';
import { createAnswerLlm } from './llm-deadline.js';
import type { InboundMessage } from './message.js';
import { foldPlainText, renderPlainText } from './render-text.js';
import type { HandleOptions, Reply } from './reply.js';
import { replyIdFor } from './reply-id.js';
import type { Services } from './services.js';

/** The platform-free assistant: one inbound message in, at most one Reply out. */
export interface Assistant {
  readonly services: Services;
  /**
   * Runs the middleware chain for one message. The interaction is durably logged before
   * the promise resolves (persist before acknowledge). Resolves undefined when nothing
   * should be said (e.g. a group message not addressed to the bot).
   */
  handle(msg: InboundMessage, options?: HandleOptions): Promise<Reply | undefined>;
}

export const FALLBACK_ERROR_TEXT = '抱歉，助手刚才出了点问题，请稍后再问一次；紧急情况请直接联系店长。';

/**
 * Wires the chain: error boundary → conversation → CRM log (after next) → intent → features.
 * `features` is the composer with every feature mounted (see features/index.ts).
 */
export function createAssistant(services: Services, features: Composer): Assistant {
  const chain = features.middleware();
  return {
    services,
    async handle(msg, options = {}) {
      if (!msg.addressedToBot) return undefined;
      const startedAt = services.clock.now();
      const key = conversationKey(msg.channel, msg.chatId, msg.userId);
      let conversation = (await services.sessions.read(key)) ?? emptyConversation(startedAt);
      if (startedAt - conversation.updatedAt > services.settings.sessionIdleMs)
        conversation = emptyConversation(startedAt);
      // A verified identity from the transport (an authenticated HTTP session) wins over the lookup.
      const user = options.user ?? services.roles.resolve(msg.channel, msg.userId);
      const replyId = replyIdFor(msg);
      // The same event handled again (replay after a crash): its effects happened once; resend, do not redo.
      const logged = await services.crm.getInteraction?.(replyId);
      if (logged) return replayedReply(logged, services.clock.now() - startedAt);
      // One deadline (LLM_TIMEOUT_MS) for every LLM call of this answer: classification and composition.
      const answerLlm = services.llm ? createAnswerLlm(services.llm, services.settings.llmTimeoutMs) : undefined;
      const llm = answerLlm?.llm;
      const ctx: Context = {
        ...(llm ? { llm } : {}),
        msg,
        services,
        options,
        startedAt,
        user,
        conversation,
        intent: 'other',
        state: {},
        respond(draft: ReplyDraft): Reply {
          const reply: Reply = {
            ...draft,
            id: replyId,
            text: draft.text ?? renderPlainText(draft.title, draft.blocks, draft.sources),
            latencyMs: services.clock.now() - startedAt,
          };
          ctx.reply = reply;
          return reply;
        },
      };
      try {
        ctx.intent = await services.classifier.classify(msg.text, conversation, llm ? { llm } : {});
        await chain(ctx, async () => {});
      } catch (err) {
        services.logger.error({ err, eventId: msg.eventId, channel: msg.channel }, 'message handling failed');
        ctx.respond({
          intent: ctx.intent,
          title: '出错了',
          blocks: [],
          text: FALLBACK_ERROR_TEXT,
          products: [],
          sources: [],
          mode: 'structured',
          declined: true,
        });
      } finally {
        answerLlm?.dispose();
      }
      const reply = ctx.reply;
      if (reply) {
        reply.latencyMs = services.clock.now() - startedAt;
        // What a `1` shows next on chat apps that cannot fold (the more feature answers it).
        const { more } = foldPlainText(reply.text);
        if (more) ctx.conversation.more = more;
        else delete ctx.conversation.more;
        ctx.conversation.updatedAt = services.clock.now();
        await services.sessions.write(key, ctx.conversation);
        await logInteraction(services, msg, reply, user.storeId);
      }
      return reply;
    },
  };
}

async function logInteraction(services: Services, msg: InboundMessage, reply: Reply, storeId: string): Promise<void> {
  const { pii } = services;
  const kind = reply.intent === 'quiz_answer' ? 'quiz_answer' : reply.intent === 'command' ? 'command' : 'question';
  await services.crm.logInteraction({
    id: reply.id,
    at: services.clock.now(),
    kind: reply.intent === 'feedback_report' ? 'feedback' : kind,
    channel: msg.channel,
    storeId,
    userId: msg.userId,
    chatId: msg.chatId,
    text: pii.mask(msg.text),
    intent: reply.intent,
    products: reply.products,
    sources: reply.sources,
    mode: reply.mode,
    declined: reply.declined,
    latencyMs: reply.latencyMs,
    answer: pii.mask(reply.text),
    replyId: reply.id,
  });
  if ((reply.declined || reply.gap) && (kind === 'question' || reply.intent === 'other')) {
    await services.crm.recordGap({
      // Keyed on the reply (so on the event): a replayed event records its gap once.
      id: `g_${reply.id}`,
      at: services.clock.now(),
      channel: msg.channel,
      storeId,
      userId: msg.userId,
      question: pii.mask(msg.text),
      intent: reply.intent,
      products: reply.products,
      reason: reply.gap ?? reply.blocks.find((b) => b.kind === 'note')?.lines[0] ?? 'no grounded answer',
    });
  }
}

/** The reply of an event whose interaction is already logged, rebuilt from the (masked) log. */
function replayedReply(r: InteractionRecord, latencyMs: number): Reply {
  return {
    id: r.id,
    intent: r.intent,
    title: '',
    blocks: [],
    text: r.answer,
    products: r.products,
    sources: r.sources,
    mode: r.mode,
    declined: r.declined,
    latencyMs,
  };
}
