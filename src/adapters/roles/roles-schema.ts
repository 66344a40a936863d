import { z } from 'zod';
import type { ChannelName } from '../../core/message.js';

const CHANNELS = ['console', 'http', 'lark', 'wecom', 'wechaty'] as const;
const channel = z.enum(CHANNELS);

/** `lark:ou_123` (one channel) or `ou_123` (any channel), or the object form. */
const person = z.union(
  [
    z
      .string()
      .trim()
      .min(1)
      .transform((s) => {
        const m = /^(console|http|lark|wecom|wechaty):(.+)$/.exec(s);
        return m ? { channel: m[1] as ChannelName, id: m[2] as string } : { id: s };
      }),
    z.object({
      channel: channel.optional(),
      id: z.string().trim().min(1),
      name: z.string().trim().min(1).optional(),
      /** SHA-256 (hex) of a manager's personal console token (`npm run cli -- console-token`). */
      console_token_sha256: z
        .string()
        .trim()
        .regex(/^[0-9a-f]{64}$/i, 'must be the 64-character hex SHA-256 of the token')
        .transform((v) => v.toLowerCase())
        .optional(),
    }),
  ],
  { error: 'must be "<channel>:<userId>", a bare userId, or {channel, id, name, console_token_sha256}' },
);

const chat = z.union(
  [
    z
      .string()
      .trim()
      .regex(/^(console|http|lark|wecom|wechaty):.+$/, 'must be "<channel>:<chatId>", e.g. "lark:oc_123"')
      .transform((s) => {
        const i = s.indexOf(':');
        return { channel: s.slice(0, i) as ChannelName, chatId: s.slice(i + 1) };
      }),
    z.object({ channel, chatId: z.string().trim().min(1) }),
  ],
  { error: 'must be "<channel>:<chatId>" (e.g. "lark:oc_123") or {channel, chatId}' },
);

const store = z.object({
  name: z.string().trim().min(1).optional(),
  manager_chats: z.array(chat).default([]),
  managers: z.array(person).default([]),
  associates: z.array(person).default([]),
});

/** The ROLES_FILE format (YAML). */
export const rolesFileSchema = z
  .object({
    default_store: z.string().trim().min(1).optional(),
    stores: z.record(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'store ids are letters, digits, - and _'), store),
  })
  .refine((v) => Object.keys(v.stores).length > 0, { message: 'at least one store is required', path: ['stores'] })
  .refine((v) => !v.default_store || v.default_store in v.stores, {
    message: 'default_store must name one of the stores',
    path: ['default_store'],
  });

export type RolesFile = z.infer<typeof rolesFileSchema>;
