import type { Services } from '../../core/services.js';
import type { QuizAnswer, QuizRecord, Skill } from '../../ports/quiz-store.js';

export const GROWTH_INVITE_JOB = 'growth.invite';
/** A score at or above this is "excellent"; three in a row in one skill earn an invitation. */
export const EXCELLENT = 90;
export const STREAK = 3;

/** Consecutive excellent scores at the end of a history (oldest first). */
export function trailingStreak(scores: number[]): number {
  let n = 0;
  for (let i = scores.length - 1; i >= 0 && (scores[i] ?? 0) >= EXCELLENT; i--) n++;
  return n;
}

/**
 * Turns one finished quiz into per-skill growth scores (share correct among that skill's
 * questions). A skill reaching three excellent results in a row schedules the invitation
 * job, keyed by user, skill and quiz so it is sent once.
 */
export async function recordGrowth(
  services: Services,
  quiz: QuizRecord,
  who: { channel: QuizRecord['channel']; userId: string; chatId: string },
  answers: QuizAnswer[],
): Promise<void> {
  const store = services.quizzes;
  if (!store) return;
  const now = services.clock.now();
  const { storeId } = services.roles.resolve(who.channel, who.userId);
  const bySkill = new Map<Skill, { right: number; total: number }>();
  for (const a of answers) {
    const skill = quiz.questions[a.qIndex]?.skill;
    if (!skill) continue;
    const s = bySkill.get(skill) ?? { right: 0, total: 0 };
    s.total++;
    if (a.correct) s.right++;
    bySkill.set(skill, s);
  }
  for (const [skill, s] of bySkill) {
    const score = Math.round((s.right / s.total) * 100);
    const fresh = await store.addGrowth({
      userId: who.userId,
      channel: who.channel,
      storeId,
      skill,
      score,
      ref: quiz.id,
      at: now,
    });
    if (!fresh) continue;
    const history = (await store.growth(who.userId)).filter((g) => g.skill === skill).map((g) => g.score);
    if (trailingStreak(history) === STREAK) {
      await services.jobs.schedule({
        name: GROWTH_INVITE_JOB,
        runAt: now,
        key: `growth:invite:${who.userId}:${skill}:${quiz.id}`,
        payload: { userId: who.userId, channel: who.channel, storeId, skill, quizId: quiz.id },
      });
    }
  }
}
