import { Composer } from '../../core/composer.js';
import { createIntelFeature } from '../intel/intel-feature.js';
import { createTicketCommands } from '../tickets/ticket-commands.js';
import { createFeedbackFeature } from './feedback-feature.js';

/**
 * The CRM loop as one composer, mounted before the intent-routed answer features: ticket and
 * intel commands match on text, then feedback reports (intent or explicit prefix).
 */
export function createCrmFeatures(): Composer {
  return new Composer()
    .use(createTicketCommands().middleware())
    .use(createIntelFeature().middleware())
    .use(createFeedbackFeature().middleware());
}
