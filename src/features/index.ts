import { Composer } from '../core/composer.js';
import { createAnswerFeature, type LlmComposer } from './answer/answer-feature.js';

export interface FeatureOptions {
  llmCompose?: LlmComposer;
}

/**
 * Mounts every feature in one place, in priority order. Each feature is a Composer in its
 * own module; commands first (they match on text), then intent-routed features.
 */
export function createFeatures(opts: FeatureOptions = {}): Composer {
  const root = new Composer();
  // Feature composers are mounted here (one line each); the answer engine is last.
  root.use(createAnswerFeature(opts.llmCompose ? { llmCompose: opts.llmCompose } : {}).middleware());
  return root;
}
