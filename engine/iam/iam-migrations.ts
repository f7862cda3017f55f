import type { Migration } from '../regions/migration.ts';

/**
 * IAM's tables, in every region: datasets' and stores' policies live in their region;
 * projects' in the primary region's copy of the same table.
 */
export const iamMigrations: Migration[] = [
  {
    name: '0003-iam-policies',
    async up(db) {
      await db.schema.createTable('iam_policies', (t) => {
        t.string('resource', 1024).primary();
        t.jsonb('bindings').notNullable();
        t.string('etag', 64).notNullable();
        t.string('update_time', 32).notNullable();
      });
    },
  },
];
