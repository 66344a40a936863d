import { openPostgres } from '../../src/adapters/db/create-db.js';
import { defineCrmAdapterSuite } from './helpers/crm-adapter-suite.js';
import { createTestDatabase } from './helpers/test-pg.js';

let drop: () => Promise<void> = async () => {};

defineCrmAdapterSuite(
  'PostgreSQL',
  async () => {
    const made = await createTestDatabase();
    if ('skip' in made) return made;
    drop = made.drop;
    return openPostgres(made.url, 4);
  },
  () => drop(),
);
