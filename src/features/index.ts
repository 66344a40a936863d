import { Composer } from '../core/composer.js';
import { createAnswerFeature } from './answer/answer-feature.js';
import { createCuratedAnswerFeature } from './answer/curated-answer-feature.js';
import { createConsoleCommand } from './console/console-command.js';
import { createCrmFeatures } from './feedback/crm-features.js';
import { createGrowthFeature } from './growth/growth-feature.js';
import { createMoreFeature } from './more/more-feature.js';
import { createQuizFeature } from './quiz/quiz-feature.js';

/**
 * Mounts every feature in one place, in priority order. Each feature is a Composer in its
 * own module; commands first (they match on text), then intent-routed features.
 */
export function createFeatures(): Composer {
  const root = new Composer();
  // Feature composers are mounted here (one line each); the answer engine is last.
  // `1` after an answer folded on WeCom/WeChat: the rest of that answer.
  root.use(createMoreFeature().middleware());
  root.use(createConsoleCommand().middleware());
  root.use(createCrmFeatures().middleware());
  root.use(createQuizFeature().middleware());
  root.use(createGrowthFeature().middleware());
  // Managers' curated answers come before the engine.
  root.use(createCuratedAnswerFeature().middleware());
  root.use(createAnswerFeature().middleware());
  return root;
}
