/**
 * Quiz fan-out: push one quiz (knowledge card + quiz card) to N Lark groups against the
 * fake Lark API, which enforces 5 msg/s per chat and 50/s per API. Reports total time vs
 * the rate-limit floor (messages / 50 per second), rate-limit errors and lost deliveries.
 *   npx tsx bench/quiz-fanout.ts [groups=1000]
 */
import { createQuiz } from '../src/features/quiz/create-quiz.js';
import { startFakeLark } from '../test/fakes/lark/fake-lark.js';
import { APP_ID, APP_SECRET, startLarkHarness } from '../test/lark/harness.js';

const GROUPS = Number(process.argv[2] ?? 1000);
const APP_LIMIT = 50;

const fake = await startFakeLark({ appId: APP_ID, appSecret: APP_SECRET });
const chats = Array.from({ length: GROUPS }, (_, i) => `oc_bench${String(i).padStart(5, '0')}`);
for (const c of chats)
  fake.seedChat(
    c,
    [1, 2, 3].map((k) => ({ openId: `ou_${c}_${k}`, name: `店员${k}` })),
  );
const h = await startLarkHarness({ fake, clockMs: Date.now() });
const quiz = await createQuiz(h.services, {
  productId: 'sk-calm-cream',
  channel: 'lark',
  chatIds: chats,
  durationMs: 48 * 3_600_000,
  createdBy: 'bench',
  storeId: 'default',
});
const t0 = performance.now();
await h.services.jobs.runDue();
const seconds = (performance.now() - t0) / 1000;

const sends = fake.calls.filter((c) => c.path === '/open-apis/im/v1/messages');
const perChat = new Map<string, number>();
for (const m of fake.messages) perChat.set(m.chatId, (perChat.get(m.chatId) ?? 0) + 1);
const lost = chats.filter((c) => (perChat.get(c) ?? 0) !== 2).length;
const messages = fake.messages.length;
const floor = messages / APP_LIMIT;
const participants = (await h.services.quizzes!.participants(quiz.id)).length;
console.log(`groups                 ${GROUPS}`);
console.log(`messages delivered     ${messages} (2 per group: knowledge card + quiz card)`);
console.log(`participants recorded  ${participants}`);
console.log(`total time             ${seconds.toFixed(2)} s`);
console.log(`rate-limit floor       ${floor.toFixed(2)} s (${messages} msgs at ${APP_LIMIT}/s per app)`);
console.log(`ratio                  ${(seconds / floor).toFixed(3)}× (goal ≤ 1.25×)`);
console.log(`230020 (per chat)      ${sends.filter((c) => c.code === 230020).length}`);
console.log(`99991400 (per API)     ${fake.calls.filter((c) => c.code === 99991400).length}`);
console.log(`send attempts          ${sends.length}`);
console.log(`lost groups            ${lost}`);
await h.close({ keepFake: true });
await fake.close();
process.exit(0);
