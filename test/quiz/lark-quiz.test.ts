import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { QuizRecord } from '../../src/ports/quiz-store.js';
import { type FakeLark, startFakeLark } from '../fakes/lark/fake-lark.js';
import { APP_ID, APP_SECRET, type Harness, startLarkHarness } from '../lark/harness.js';
import { answerAll, api, buttonValues, mentions, press, quizApi } from './lark-helpers.js';

const CHAT = 'oc_quizgroup0001';
const [ALICE, BOB, CAROL, DAVE] = ['ou_alice', 'ou_bob', 'ou_carol', 'ou_dave'];
const T0 = Date.UTC(2026, 10, 23, 2, 0, 0);

let h: Harness | undefined;
let fake: FakeLark | undefined;
let dir: string | undefined;
afterEach(async () => {
  await h?.close();
  await fake?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  h = fake = dir = undefined;
});

const inChat = (f: FakeLark) => f.messages.filter((m) => m.chatId === CHAT);

describe('a 20-second quiz on Lark, end to end', () => {
  it('pushes, takes button answers, reminds only stragglers, reports exact numbers, and survives a restart', async () => {
    fake = await startFakeLark({ appId: APP_ID, appSecret: APP_SECRET });
    fake.seedChat(CHAT, [
      { openId: ALICE, name: 'Alice' },
      { openId: BOB, name: 'Bob' },
      { openId: CAROL, name: 'Carol' },
      { openId: DAVE, name: 'Dave' },
    ]);
    dir = mkdtempSync(join(tmpdir(), 'daogou-quiz-'));
    const dbFile = join(dir, 'daogou.db');
    h = await startLarkHarness({ fake, dbFile, clockMs: T0 });

    const created = await api(quizApi(h), 'POST', '/quizzes', {
      product_id: 'sk-calm-cream',
      chat_ids: [CHAT],
      duration: '20s',
      pass_score: 80,
    });
    expect(created.status).toBe(201);
    const id = String(created.body.id);
    await h.services.jobs.runDue();
    await h.channel.idle?.();

    // Push: the knowledge card, then the quiz card with one button per option.
    const pushed = inChat(fake);
    expect(pushed).toHaveLength(2);
    expect(JSON.stringify(pushed[0]!.content)).toContain('知识卡');
    const quizCard = pushed[1]!;
    const quiz = (await api(quizApi(h), 'GET', `/quizzes/${id}`)).body.quiz as QuizRecord;
    expect(quiz.questions).toHaveLength(5);
    expect(quiz.questions.some((q) => q.skill === '竞品对比') || quiz.questions.some((q) => q.kind === 'fabe')).toBe(
      true,
    );
    const buttons = buttonValues(quizCard.content).filter((v) => v.action === 'quiz_answer');
    expect(buttons).toHaveLength(quiz.questions.reduce((s, q) => s + q.options.length, 0));
    expect(buttons[0]).toEqual({ action: 'quiz_answer', quiz: id, q: '0', option: 'A' });
    expect(JSON.stringify(quizCard.content)).toContain('已完成 0/4');

    // Alice: all right. Bob: question 3 wrong (80, still passes at 80).
    const a = await answerAll(h, quizCard, ALICE, quiz);
    expect(a[0]!.toast!.type).toBe('success');
    expect(a[4]!.toast!.content).toContain('全部完成：100 分');
    expect(JSON.stringify(a[4]!.card)).toContain('已完成 1/4');
    const b = await answerAll(h, quizCard, BOB, quiz, [2]);
    expect(b[2]!.toast).toMatchObject({ type: 'error' });
    expect(b[2]!.toast!.content).toContain(`正确答案是 ${'ABCD'[quiz.questions[2]!.answer]}`);
    expect(b[2]!.toast!.content).toContain(`来源：${quiz.questions[2]!.source.id}#`);
    expect(JSON.stringify(b[4]!.card)).toContain('已完成 2/4');
    // The shared card never reveals an answer.
    expect(JSON.stringify(b[4]!.card)).not.toContain('✅');
    // A second press on an answered question does not change the first answer.
    const again = await press(h, quizCard, BOB, id, 2, 'ABCD'[quiz.questions[2]!.answer]!);
    expect(again.toast!.content).toContain('已经答过');

    // T+10 s: the first reminder mentions exactly Carol and Dave.
    h.clock.set(T0 + 10_000);
    await h.services.jobs.runDue();
    const r1 = inChat(fake).slice(2);
    expect(r1).toHaveLength(1);
    expect(new Set(mentions(r1[0]!))).toEqual(new Set([CAROL, DAVE]));

    // Restart on the same SQLite file: nothing is lost or sent again.
    await h.close({ keepFake: true, keepDb: true });
    h = await startLarkHarness({ fake, dbFile, clockMs: T0 + 12_000 });
    // The test runtime's counter ids restart with the process (production ids are random):
    // skip past the first run's ids so Lark's 1-hour uuid dedupe does not swallow new sends.
    for (let i = 0; i < 100; i++) h.services.ids.next();
    await h.services.jobs.runDue();
    expect(inChat(fake)).toHaveLength(3);

    // Carol answers late (after the first reminder), all right.
    const c = await answerAll(h, quizCard, CAROL, quiz);
    expect(c[4]!.toast!.content).toContain('全部完成：100 分');
    expect(JSON.stringify(c[4]!.card)).toContain('已完成 3/4');

    // T+18 s: the second reminder mentions only Dave.
    h.clock.set(T0 + 18_000);
    await h.services.jobs.runDue();
    const r2 = inChat(fake).slice(3);
    expect(r2).toHaveLength(1);
    expect(mentions(r2[0]!)).toEqual([DAVE]);

    // T+20 s: the report; Dave's press afterwards is refused.
    h.clock.set(T0 + 20_000);
    await h.services.jobs.runDue();
    const late = await press(h, quizCard, DAVE, id, 0, 'A');
    expect(late.toast!.content).toContain('已截止');
    const report = (await api(quizApi(h), 'GET', `/quizzes/${id}/report`)).body;
    expect(report).toMatchObject({
      expected: 4,
      finished: 3,
      passed: 3,
      completionRate: 0.75,
      passRate: 0.75,
      averageScore: 93.3,
      unfinished: [{ userId: DAVE, name: 'Dave', chatId: CHAT }],
    });
    const qs = report.questions as { index: number; accuracy: number }[];
    expect(qs[0]).toMatchObject({ index: 2, accuracy: 0.667 });
    expect(qs.slice(1).every((q) => q.accuracy === 1)).toBe(true);
    const sent = inChat(fake);
    expect(sent).toHaveLength(5);
    const text = JSON.stringify(sent[4]!.content);
    expect(text).toContain('完成率 75%（3/4）');
    expect(text).toContain('平均分 93.3');
    expect(text).toContain('Dave');

    // Answers are CRM interactions; nothing more is due, nothing is sent twice.
    const logged = (await h.services.crm.listInteractions({})).filter((r) => r.kind === 'quiz_answer');
    expect(logged).toHaveLength(15);
    await h.services.jobs.runDue();
    expect(inChat(fake)).toHaveLength(5);
    expect(fake.calls.filter((x) => x.code === 230020)).toHaveLength(0);
  });
});
