import { Composer } from '../../core/composer.js';
import { respondCommand } from '../tickets/notices.js';
import { growthSummary, summaryLines } from './growth-summary.js';

const MINE = /^\s*[/／]?我的成长\s*$/;

/** `/我的成长`: the associate's per-skill summary from quiz results. */
export function createGrowthFeature(): Composer {
  const c = new Composer();
  c.command(MINE, async (ctx, next) => {
    if (!ctx.services.quizzes) return next();
    const s = await growthSummary(ctx.services, ctx.msg.userId);
    const lines = s.some((x) => x.attempts > 0) ? summaryLines(s) : ['还没有测验记录，完成一次新品测验后再来看看吧'];
    respondCommand(ctx, '我的成长', [{ kind: 'list', title: '技能雷达', lines }]);
  });
  return c;
}
