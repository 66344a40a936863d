import type { Services } from '../../core/services.js';
import { type GrowthScore, SKILLS, type Skill } from '../../ports/quiz-store.js';
import { EXCELLENT, trailingStreak } from './record-growth.js';

export interface SkillSummary {
  skill: Skill;
  /** Radar value: mean of the last three scores (0..100), null without data. */
  score: number | null;
  latest: number | null;
  attempts: number;
  /** Consecutive excellent (≥ 90) results up to now. */
  streak: number;
  history: { score: number; ref: string; at: number }[];
}

/** Per-skill growth of one associate (radar data for the admin API, lines for /我的成长). */
export async function growthSummary(services: Services, userId: string): Promise<SkillSummary[]> {
  const all: GrowthScore[] = (await services.quizzes?.growth(userId)) ?? [];
  return SKILLS.map((skill) => {
    const h = all.filter((g) => g.skill === skill);
    const last3 = h.slice(-3).map((g) => g.score);
    return {
      skill,
      score: last3.length ? Math.round(last3.reduce((a, b) => a + b, 0) / last3.length) : null,
      latest: h.at(-1)?.score ?? null,
      attempts: h.length,
      streak: trailingStreak(h.map((g) => g.score)),
      history: h.map((g) => ({ score: g.score, ref: g.ref, at: g.at })),
    };
  });
}

/** One line per skill for the chat. */
export function summaryLines(s: SkillSummary[]): string[] {
  return s.map((x) =>
    x.attempts === 0
      ? `${x.skill}：暂无记录`
      : `${x.skill}：近期 ${x.score} 分（最近一次 ${x.latest}，共 ${x.attempts} 次${x.streak >= 2 ? `，连续 ${x.streak} 次 ≥${EXCELLENT}` : ''}）`,
  );
}
