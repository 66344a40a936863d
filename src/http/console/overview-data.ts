import type { Services } from '../../core/services.js';
import { chinaDayStart, formatChinaDate } from '../../features/feedback/china-time.js';
import { buildQuizReport } from '../../features/quiz/quiz-report.js';
import { SLA_LABELS, type SlaState, slaState } from './sla-state.js';

export const PERIODS = [7, 30, 90] as const;
const DAY = 86400_000;

export interface OverviewData {
  days: number;
  dates: string[];
  questions: number[];
  answered: number[];
  declined: number[];
  up: number[];
  down: number[];
  sla: { state: SlaState; label: string; count: number }[];
  quizzes: { id: string; title: string; passRate: number; completionRate: number }[];
  totals: { questions: number; answerRate: number; up: number; down: number; openTickets: number };
}

/** The overview's numbers for the last `days` days (China calendar days), one store or all. */
export async function buildOverview(services: Services, days: number, storeId?: string): Promise<OverviewData> {
  const now = services.clock.now();
  const first = chinaDayStart(now) - (days - 1) * DAY;
  const dates = Array.from({ length: days }, (_, i) => formatChinaDate(first + i * DAY).slice(5));
  const zero = () => new Array<number>(days).fill(0);
  const questions = zero();
  const answered = zero();
  const declined = zero();
  const up = zero();
  const down = zero();
  const records = await services.crm.listInteractions({
    from: first,
    to: now + 1,
    limit: 200_000,
    ...(storeId ? { storeId } : {}),
  });
  for (const r of records) {
    const i = Math.floor((r.at - first) / DAY);
    if (i < 0 || i >= days) continue;
    if (r.kind === 'question') {
      questions[i] = (questions[i] ?? 0) + 1;
      if (r.declined) declined[i] = (declined[i] ?? 0) + 1;
      else answered[i] = (answered[i] ?? 0) + 1;
    } else if (r.kind === 'vote') {
      if (r.vote === 'up') up[i] = (up[i] ?? 0) + 1;
      if (r.vote === 'down') down[i] = (down[i] ?? 0) + 1;
    }
  }
  const open = await services.crm.tickets.list({ status: 'open', ...(storeId ? { storeId } : {}) });
  const states: SlaState[] = ['on_track', 'due_soon', 'overdue', 'escalated'];
  const sla = states.map((state) => ({
    state,
    label: SLA_LABELS[state],
    count: open.filter((t) => slaState(t, now) === state).length,
  }));
  const quizList = (await services.quizzes?.list({ since: first, limit: 30, ...(storeId ? { storeId } : {}) })) ?? [];
  const quizzes = [];
  for (const q of quizList.reverse()) {
    const r = await buildQuizReport(services, q);
    quizzes.push({ id: q.id, title: q.title, passRate: r.passRate, completionRate: r.completionRate });
  }
  const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);
  const total = sum(questions);
  return {
    days,
    dates,
    questions,
    answered,
    declined,
    up,
    down,
    sla,
    quizzes,
    totals: {
      questions: total,
      answerRate: total ? Math.round((sum(answered) / total) * 1000) / 1000 : 0,
      up: sum(up),
      down: sum(down),
      openTickets: open.length,
    },
  };
}
