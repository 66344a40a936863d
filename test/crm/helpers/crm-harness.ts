import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '../../../src/adapters/db/create-db.js';
import type { ChannelModule } from '../../../src/channels/types.js';
import type { ChannelName, OutboundTarget } from '../../../src/core/message.js';
import type { Reply } from '../../../src/core/reply.js';
import { type Clock, createManualClock } from '../../../src/ports/clock.js';
import { createTestRuntime, type TestRuntime } from '../../helpers/test-runtime.js';

export const ROLES_YAML = `
default_store: sh-jingan
stores:
  sh-jingan:
    name: 静安店
    manager_chats: [lark:oc_mgr_jingan]
    managers:
      - { channel: lark, id: ou_mgr, name: 张店长 }
      - http:web-mgr
    associates:
      - { channel: lark, id: ou_wang, name: 小王 }
      - { channel: lark, id: ou_li, name: 小李 }
  sh-xuhui:
    name: 徐汇店
    manager_chats: [lark:oc_mgr_xuhui]
    managers: [lark:ou_mgr_xh]
    associates: [lark:ou_zhao]
`;

/** A Lark channel double that records what the bot sends (the far edge is tested in test/lark). */
export function createCaptureChannel(name: ChannelName = 'lark') {
  const sent: { target: OutboundTarget; reply: Reply }[] = [];
  const module: ChannelModule = {
    name,
    client: {
      channel: name,
      async reply() {},
      async send(target, reply) {
        sent.push({ target, reply });
      },
    },
  };
  return {
    module,
    sent,
    to: (chatId: string) => sent.filter((s) => s.target.chatId === chatId).map((s) => s.reply.text),
  };
}

export interface CrmHarness {
  app: TestRuntime;
  clock: Clock & { advance(ms: number): void; set(ms: number): void };
  sent: ReturnType<typeof createCaptureChannel>;
  /** Sends a Lark p2p message as `user` and returns the reply text. */
  say(user: string, text: string): Promise<Reply>;
  rolesFile: string;
}

let event = 0;

/** The real engine on the demo pack, a roles file, a manual clock and a capturing Lark channel. */
export async function createCrmHarness(
  opts: { db?: Db; env?: Record<string, string>; roles?: string | null; clock?: CrmHarness['clock'] } = {},
): Promise<CrmHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'daogou-crm-'));
  const rolesFile = join(dir, 'roles.yaml');
  writeFileSync(rolesFile, opts.roles ?? ROLES_YAML);
  const clock = opts.clock ?? createManualClock();
  const sent = createCaptureChannel();
  const app = await createTestRuntime({
    clock,
    channels: [sent.module],
    env: { ...(opts.roles === null ? {} : { ROLES_FILE: rolesFile }), PII_SALT: 'test-salt', ...opts.env },
    ...(opts.db ? { db: opts.db } : {}),
  });
  const say = async (user: string, text: string) => {
    const reply = await app.assistant.handle({
      eventId: `evt_${++event}`,
      channel: 'lark',
      chatId: `oc_p2p_${user}`,
      chatType: 'p2p',
      userId: user,
      text,
      addressedToBot: true,
      sentAt: clock.now(),
    });
    if (!reply) throw new Error(`no reply to ${text}`);
    return reply;
  };
  return { app, clock, sent, say, rolesFile };
}
