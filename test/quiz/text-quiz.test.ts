import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { OutboundTarget } from '../../src/core/message.js';
import type { Reply } from '../../src/core/reply.js';
import { createQuizApi } from '../../src/http/quiz-api/create-quiz-api.js';
import type { ChannelClient } from '../../src/ports/channel.js';
import { createManualClock } from '../../src/ports/clock.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';

const ROLES = `
stores:
  default:
    manager_chats: [wecom:BossChat]
    managers: [wecom:Boss]
    associates: [wecom:LiSi, wecom:WangWu]
`;

/** A WeCom client that records what it sends (WeCom app chats are 1:1: chatId is the user). */
function recordingWecom(): ChannelClient & { sent: { target: OutboundTarget; reply: Reply }[] } {
  const sent: { target: OutboundTarget; reply: Reply }[] = [];
  return {
    channel: 'wecom',
    sent,
    reply: async () => {},
    send: async (target, reply) => void sent.push({ target, reply }),
  };
}

let rt: TestRuntime | undefined;
afterEach(async () => {
  await rt?.close();
  rt = undefined;
});

async function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'daogou-quiz-roles-'));
  writeFileSync(join(dir, 'roles.yaml'), ROLES);
  const clock = createManualClock();
  rt = await createTestRuntime({ clock, env: { ROLES_FILE: join(dir, 'roles.yaml') } });
  const wecom = recordingWecom();
  rt.services.messenger.register(wecom);
  const say = (userId: string, text: string) =>
    rt!.assistant.handle({
      eventId: `ev-${Math.random()}`,
      channel: 'wecom',
      chatId: userId,
      chatType: 'p2p',
      userId,
      text,
      addressedToBot: true,
      sentAt: clock.now(),
    });
  return { rt, clock, wecom, say };
}

const letters = (r: { questions: { answer: number }[] }, wrong: number[] = []) =>
  r.questions.map((q, i) => `${i + 1}${'ABCD'[wrong.includes(i) ? (q.answer + 1) % 3 : q.answer]}`).join(' ');

describe('quiz over a text channel (WeCom)', () => {
  it('refuses associates, previews for managers, pushes, scores `1A 2C` answers and grows the record', async () => {
    const { rt, clock, wecom, say } = await setup();
    const refused = await say('LiSi', '/quiz 蓝罐');
    expect(refused?.text).toContain('只有店长可以发起新品测验');

    const preview = await say('Boss', '/quiz 蓝罐 48h');
    expect(preview?.title).toContain('预览：沐岚舒缓修护面霜');
    expect(preview?.text).toContain('✅');
    expect(preview?.actions?.[0]).toMatchObject({
      label: '确认推送',
      value: { action: 'quiz_confirm', product: 'sk-calm-cream' },
    });

    const quizzes = [];
    for (let round = 0; round < 3; round++) {
      const pushed = await say('Boss', '/quiz push 蓝罐 90s');
      expect(pushed?.text).toContain('测验已推送');
      await rt.services.jobs.runDue();
      const quiz = (await rt.services.quizzes!.openFor('wecom', 'LiSi', 'LiSi'))[0]!;
      quizzes.push(quiz);
      // Expected participants: the roster's associates, not the manager.
      expect((await rt.services.quizzes!.participants(quiz.id)).map((p) => p.userId).sort()).toEqual([
        'LiSi',
        'WangWu',
      ]);
      const done = await say('LiSi', letters(quiz));
      expect(done?.text).toContain('全部完成：100 分');
      clock.advance(91_000);
      await rt.services.jobs.runDue();
    }
    // The quiz card went to the manager's chat with text instructions, no buttons.
    const card = wecom.sent.find((s) => s.reply.title.includes('新品测验'))!;
    expect(card.reply.text).toContain('直接回复答案');
    expect(card.reply.actions).toBeUndefined();
    // Reminders went to the manager's chat mentioning only WangWu.
    const reminders = wecom.sent.filter((s) => s.reply.title.includes('还剩'));
    expect(reminders.every((r) => JSON.stringify(r.target.mention) === '["WangWu"]')).toBe(true);

    // Three excellent results in 竞品对比/产品知识/FABE话术: invitation + manager notice, once each.
    const invites = wecom.sent.filter((s) => s.reply.title.includes('进阶培训邀请'));
    expect(invites.map((s) => s.target.chatId)).toEqual(['LiSi', 'LiSi', 'LiSi']);
    const notices = wecom.sent.filter((s) => s.reply.title.includes('店员成长提醒'));
    expect(notices.map((s) => s.target.chatId)).toEqual(['BossChat', 'BossChat', 'BossChat']);
    const mine = await say('LiSi', '/我的成长');
    expect(mine?.text).toContain('竞品对比：近期 100 分');
    expect(mine?.text).toContain('投诉处理：暂无记录');

    // A wrong answer explains itself; a late answer is refused.
    const pushed = await say('Boss', '/quiz push 蓝罐 90s');
    expect(pushed?.text).toContain('测验已推送');
    await rt.services.jobs.runDue();
    const quiz = (await rt.services.quizzes!.openFor('wecom', 'WangWu', 'WangWu'))[0]!;
    const wrong = await say('WangWu', '1A 1B');
    expect(wrong?.text).toMatch(/第 1 题 (✅ 正确|❌ 正确答案 [ABCD]：)/);
    expect(wrong?.text).toContain('已经答过');
    clock.advance(91_000);
    await rt.services.jobs.runDue();
    const late = await say('WangWu', letters(quiz));
    expect(late?.text).toContain('已截止');
    const report = wecom.sent.filter((s) => s.reply.title.includes('测验结果')).at(-1)!;
    expect(report.reply.text).toContain('完成率 0%（0/2）');

    // Admin API: radar data, validation errors, bearer auth.
    const api = createQuizApi(rt.services, { adminToken: 't' });
    const auth = { authorization: 'Bearer t', 'content-type': 'application/json' };
    const radar = (await (await api.request('/growth/LiSi', { headers: auth })).json()) as { radar: unknown[] };
    expect(radar.radar).toContainEqual({ skill: '竞品对比', score: 100 });
    expect(radar.radar).toContainEqual({ skill: '需求挖掘', score: null });
    const bad = await api.request('/quizzes', {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ product_id: 'sk-calm-cream', chat_ids: ['x'], duration: 'soon' }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toContain('duration');
    const unknown = await api.request('/quizzes', {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ product_id: 'nope', chat_ids: ['x'], duration: 'PT48H' }),
    });
    expect(unknown.status).toBe(404);
    expect((await api.request('/quizzes/x', { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await api.request('/quizzes/nope', { headers: auth })).status).toBe(404);
  });
});
