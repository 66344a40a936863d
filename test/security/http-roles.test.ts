import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { type CrmHarness, createCrmHarness } from '../crm/helpers/crm-harness.js';
import { json } from '../crm/helpers/json.js';

/** Issue 10, problem 1: identities on /api/chat are never trusted for roles. */
const MANAGER_TOKEN = 'tok-web-manager-3f9a';
const ROLES = `
default_store: sh-jingan
stores:
  sh-jingan:
    name: 静安店
    managers:
      - ou_boss
      - { channel: http, id: web-mgr, name: 网店长, console_token_sha256: ${createHash('sha256').update(MANAGER_TOKEN).digest('hex')} }
    associates:
      - { channel: lark, id: ou_wang, name: 小王 }
`;

let h: CrmHarness | undefined;
afterEach(async () => {
  await h?.app.close();
  h = undefined;
});

const chat = (user: string, text: string, token?: string) =>
  h!.app.http.request('/api/chat', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ user, text }),
  });

describe('roles on /api/chat come only from a verified identity', () => {
  it('a caller who claims a manager id (bare or http:) cannot list or close the store tickets', async () => {
    h = await createCrmHarness({ roles: ROLES, env: { ADMIN_TOKEN: 'admin-tok-1' } });
    // ou_boss (a bare id) is a manager on Lark: the platform verified the sender.
    await h.say('ou_wang', '反馈：王女士 13800138000 蓝罐面霜用了三天脸发红');
    expect((await h.say('ou_boss', '工单')).text).toContain('#1');

    for (const claimed of ['ou_boss', 'web-mgr', 'ou_wang']) {
      const list = await json(await chat(claimed, '工单'));
      expect(list.answer).not.toContain('#1');
      const show = await json(await chat(claimed, '工单 #1'));
      expect(show.answer).not.toContain('蓝罐面霜');
      const close = await json(await chat(claimed, '结单 #1 已退款'));
      expect(close.answer).toMatch(/只有本店店长可以结单/);
    }
    expect((await h.app.services.crm.tickets.get(1))?.status).toBe('open');
    // The claimed name only labels a guest's conversation.
    const logged = await h.app.services.crm.listInteractions({});
    expect(logged.filter((r) => r.channel === 'http').every((r) => r.userId.startsWith('guest:'))).toBe(true);
  });

  it('a personal token (ROLES_FILE console_token_sha256) or ADMIN_TOKEN does carry the manager role', async () => {
    h = await createCrmHarness({ roles: ROLES, env: { ADMIN_TOKEN: 'admin-tok-1' } });
    await h.say('ou_wang', '反馈：王女士 13800138000 蓝罐面霜用了三天脸发红');
    await h.say('ou_wang', '反馈：李先生 13900139000 面霜包装破损');
    // The body's `user` is ignored once the token says who this is.
    const list = await json(await chat('anyone', '工单', MANAGER_TOKEN));
    expect(list.answer).toContain('#1');
    expect((await json(await chat('anyone', '结单 #1 已退款', MANAGER_TOKEN))).answer).toContain('工单 #1 已结单');
    expect((await h.app.services.crm.tickets.get(1))?.closedBy).toBe('web-mgr');
    expect((await json(await chat('x', '结单 #2 已换货', 'admin-tok-1'))).answer).toContain('工单 #2 已结单');
    // A wrong token is no identity: a guest, and refused.
    expect((await json(await chat('web-mgr', '结单 #2 再来', 'not-the-token'))).answer).toMatch(
      /只有本店店长|已于之前结单/,
    );
  });

  it('with CHAT_TOKEN set, the shared token opens the API as a guest; a personal token opens it as its owner', async () => {
    h = await createCrmHarness({ roles: ROLES, env: { HOST: '0.0.0.0', CHAT_TOKEN: 'shared-chat-tok' } });
    await h.say('ou_wang', '反馈：王女士 13800138000 蓝罐面霜用了三天脸发红');
    expect((await chat('web-mgr', '工单')).status).toBe(401);
    const guest = await json(await chat('web-mgr', '结单 #1 好了', 'shared-chat-tok'));
    expect(guest.answer).toMatch(/只有本店店长可以结单/);
    expect((await json(await chat('web-mgr', '结单 #1 好了', MANAGER_TOKEN))).answer).toContain('已结单');
  });

  it('ROLES_FILE: a bare id matches Lark, WeCom and WeChat senders, never http', async () => {
    h = await createCrmHarness({ roles: ROLES });
    const roles = h.app.services.roles;
    for (const ch of ['lark', 'wecom', 'wechaty'] as const) expect(roles.resolve(ch, 'ou_boss').role).toBe('manager');
    expect(roles.resolve('http', 'ou_boss').role).toBe('associate');
    expect(roles.resolve('http', 'guest:web-mgr').role).toBe('associate');
  });
});
