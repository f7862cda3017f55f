import type { Knex } from 'knex';
import type { Dialect } from './dialect.ts';

/**
 * One schema change. Each layer owns its tables and exports its migrations; the
 * composition root hands them all to `migrateRegion`, which runs them in name order.
 * Names start with a sortable date-and-sequence prefix.
 */
export interface Migration {
  name: string;
  up(db: Knex, dialect: Dialect): Promise<void>;
}
