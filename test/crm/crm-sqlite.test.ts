import { openSqlite } from '../../src/adapters/db/create-db.js';
import { defineCrmAdapterSuite } from './helpers/crm-adapter-suite.js';

defineCrmAdapterSuite(
  'SQLite',
  () => openSqlite(':memory:'),
  async () => {},
);
