import type { Migration, MigrationProvider } from 'kysely';
import * as m001 from './001-core.js';
import * as m003 from './003-crm.js';
import * as m004 from './004-quiz.js';
import * as m005 from './005-console.js';
import * as m006 from './006-multi-instance.js';
import * as m007 from './007-inbox-storage.js';

/**
 * Every migration, in order, imported statically so the same list runs on Node and on
 * Workers (no file-system scan). Add a module's migration here under the next number.
 */
const migrations: Record<string, Migration> = {
  '001-core': m001,
  '003-crm': m003,
  '004-quiz': m004,
  '005-console': m005,
  '006-multi-instance': m006,
  '007-inbox-storage': m007,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
