import type { Migration } from '../regions/migration.ts';

/**
 * Operations live in their dataset's region. They carry the project and dataset id but no
 * foreign key: the dataset layer deletes a dataset's operations with it.
 */
export const operationMigrations: Migration[] = [
  {
    name: '0004-operations-create-table',
    async up(db) {
      await db.schema.createTable('operations', (t) => {
        t.string('id', 20).primary();
        t.string('project', 256).notNullable();
        t.string('dataset_id', 256).notNullable();
        t.string('api_method_name', 256).notNullable();
        t.string('kind', 128);
        t.jsonb('request');
        t.bigInteger('create_time').notNullable();
        t.bigInteger('end_time');
        t.boolean('done').notNullable().defaultTo(false);
        t.boolean('cancel_requested').notNullable().defaultTo(false);
        t.jsonb('counter');
        t.integer('progress_percent');
        t.jsonb('checkpoint');
        t.jsonb('response');
        t.jsonb('error');
        t.string('lease_owner', 256);
        t.bigInteger('lease_until');
        t.index(['project', 'dataset_id', 'create_time'], 'operations_dataset_idx');
        t.index(['done', 'lease_until'], 'operations_claim_idx');
      });
    },
  },
];
