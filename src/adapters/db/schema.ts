import type { ConsoleTables } from './tables/console.js';
import type { CoreTables } from './tables/core.js';
import type { CrmTables } from './tables/crm.js';
import type { QuizTables } from './tables/quiz.js';

/**
 * The whole database, as the union of each module's tables. A module adds its tables in
 * its own file under tables/ and its own migration under migrations/.
 */
export interface Database extends CoreTables, CrmTables, QuizTables, ConsoleTables {}
