import type { Services } from '../../core/services.js';
import { createCardActions } from '../../ports/card-actions.js';
import { registerGrowthJobs } from '../growth/invite-job.js';
import { createQuizAnswerHandler } from './answer-action.js';
import { createQuizConfirmHandler } from './confirm-action.js';
import { registerQuizJobs } from './quiz-jobs.js';
import { QUIZ_ANSWER_ACTION, QUIZ_CONFIRM_ACTION } from './quiz-replies.js';

/** Registers quiz and growth job handlers and the quiz card actions. Once per process. */
export function registerQuiz(services: Services): void {
  if (!services.quizzes) return;
  registerQuizJobs(services);
  registerGrowthJobs(services);
  services.cardActions ??= createCardActions();
  services.cardActions.register(QUIZ_ANSWER_ACTION, createQuizAnswerHandler(services));
  services.cardActions.register(QUIZ_CONFIRM_ACTION, createQuizConfirmHandler(services));
}
