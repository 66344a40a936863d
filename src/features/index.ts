import { Composer } from '../core/composer.js';

/**
 * Mounts every feature in one place, in priority order. Each feature is a Composer in its
 * own module; commands first (they match on text), then intent-routed features.
 */
export function createFeatures(): Composer {
  const root = new Composer();
  // Feature composers are mounted here (one line each).
  return root;
}
