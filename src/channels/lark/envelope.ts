import { z } from 'zod';

/** Schema 2.0 event header; `token` is the Verification Token. */
export const headerV2Schema = z.looseObject({
  event_id: z.string().min(1).max(191),
  event_type: z.string().min(1),
  create_time: z.string().optional(),
  token: z.string().optional(),
  app_id: z.string().optional(),
  tenant_key: z.string().optional(),
});

export const envelopeV2Schema = z.looseObject({
  schema: z.literal('2.0'),
  header: headerV2Schema,
  event: z.unknown(),
});

/** Schema 1.0: top-level `token`, `uuid` (the dedupe key) and `event.type`. */
export const envelopeV1Schema = z.looseObject({
  uuid: z.string().min(1),
  token: z.string().optional(),
  ts: z.string().optional(),
  type: z.string(),
  event: z.looseObject({ type: z.string().optional() }).optional(),
});

export const challengeSchema = z.looseObject({
  type: z.literal('url_verification'),
  challenge: z.string(),
  token: z.string().optional(),
});

const userIdSchema = z.looseObject({
  open_id: z.string().optional(),
  union_id: z.string().optional(),
  user_id: z.string().optional(),
});

export const mentionSchema = z.looseObject({
  key: z.string(),
  id: userIdSchema.optional(),
  name: z.string().optional(),
});

/** The `event` of im.message.receive_v1 (fields this channel reads). */
export const messageReceiveSchema = z.looseObject({
  sender: z.looseObject({
    sender_id: userIdSchema.optional(),
    sender_type: z.string().optional(),
  }),
  message: z.looseObject({
    message_id: z.string().min(1),
    chat_id: z.string().min(1),
    chat_type: z.string(),
    message_type: z.string(),
    content: z.string(),
    create_time: z.string().optional(),
    mentions: z.array(mentionSchema).optional(),
  }),
});

/** The `event` of card.action.trigger (fields this channel reads). */
export const cardActionSchema = z.looseObject({
  operator: z.looseObject({ open_id: z.string().optional(), user_id: z.string().optional() }),
  action: z.looseObject({
    value: z.unknown().optional(),
    tag: z.string().optional(),
    name: z.string().optional(),
    form_value: z.unknown().optional(),
  }),
  context: z.looseObject({ open_message_id: z.string().optional(), open_chat_id: z.string().optional() }).optional(),
});

export type EnvelopeV2 = z.infer<typeof envelopeV2Schema>;
export type EnvelopeV1 = z.infer<typeof envelopeV1Schema>;
export type MessageReceiveEvent = z.infer<typeof messageReceiveSchema>;
export type Mention = z.infer<typeof mentionSchema>;
export type CardActionEvent = z.infer<typeof cardActionSchema>;
