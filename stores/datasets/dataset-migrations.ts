import type { Migration } from '../../engine/regions/migration.ts';

/** Datasets and their stores, in the region's database. Store data tables reference `stores.id`. */
export const datasetMigrations: Migration[] = [
  {
    name: '0001-datasets-create',
    async up(db) {
      await db.schema.createTable('datasets', (t) => {
        t.increments('id').primary();
        t.string('project', 256).notNullable();
        t.string('dataset_id', 256).notNullable();
        t.string('time_zone', 64).notNullable();
        t.text('labels').notNullable();
        t.string('create_time', 32).notNullable();
        t.unique(['project', 'dataset_id']);
      });
      await db.schema.createTable('stores', (t) => {
        t.increments('id').primary();
        t.integer('dataset_pk').notNullable().references('id').inTable('datasets').onDelete('CASCADE');
        t.string('project', 256).notNullable();
        t.string('dataset_id', 256).notNullable();
        t.string('type', 16).notNullable();
        t.string('store_id', 256).notNullable();
        t.text('config').notNullable();
        t.text('labels').notNullable();
        t.string('create_time', 32).notNullable();
        t.unique(['dataset_pk', 'type', 'store_id']);
        t.index(['project', 'dataset_id', 'type', 'store_id']);
      });
    },
  },
];
