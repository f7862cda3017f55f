import type { Knex } from 'knex';
import type { Dialect } from '../../engine/regions/dialect.ts';
import type { Migration } from '../../engine/regions/migration.ts';

/** The columns every search index table starts with: the resource row, and its store and type to lead each index. */
function indexColumns(t: Knex.CreateTableBuilder): void {
  t.bigInteger('resource_pk').notNullable().references('id').inTable('fhir_resources').onDelete('CASCADE');
  t.integer('store_pk').notNullable();
  t.string('resource_type', 64).notNullable();
  /** The search parameter's code (`name`, `subject`, `_tag`). */
  t.string('code', 64).notNullable();
  t.index(['resource_pk']);
}

/**
 * Strings sort and compare byte-wise on both dialects (SQLite's BINARY, PostgreSQL's "C"),
 * so `_sort` orders alike everywhere and a prefix range uses the index.
 */
async function byteCollation(db: Knex, dialect: Dialect, table: string, columns: string[]): Promise<void> {
  if (dialect.name !== 'postgres') return;
  for (const column of columns) await db.raw('ALTER TABLE ?? ALTER COLUMN ?? TYPE text COLLATE "C"', [table, column]);
}

/**
 * FHIR resources: `fhir_resources` is each resource's current state (type, id, version,
 * tombstone), `fhir_resource_versions` every version's content (history, vread), and one
 * search index table per search parameter type, as HAPI and Medplum lay it out. Index rows
 * describe the current version only and are rewritten with it.
 */
export const fhirMigrations: Migration[] = [
  {
    name: '0008-fhir-resources',
    async up(db, dialect) {
      await db.schema.createTable('fhir_resources', (t) => {
        t.bigIncrements('id').primary();
        t.integer('store_pk').notNullable().references('id').inTable('stores').onDelete('CASCADE');
        t.string('resource_type', 64).notNullable();
        t.string('resource_id', 64).notNullable();
        t.integer('version_id').notNullable();
        t.bigInteger('last_updated_ms').notNullable();
        t.boolean('deleted').notNullable();
        t.unique(['store_pk', 'resource_type', 'resource_id']);
        t.index(['store_pk', 'resource_type', 'deleted', 'id']);
        t.index(['store_pk', 'resource_type', 'last_updated_ms']);
      });
      await db.schema.createTable('fhir_resource_versions', (t) => {
        t.bigIncrements('id').primary();
        t.bigInteger('resource_pk').notNullable().references('id').inTable('fhir_resources').onDelete('CASCADE');
        t.integer('store_pk').notNullable();
        t.string('resource_type', 64).notNullable();
        t.string('resource_id', 64).notNullable();
        t.integer('version_id').notNullable();
        t.bigInteger('last_updated_ms').notNullable();
        /** The interaction that made this version: POST, PUT, PATCH or DELETE (history's entry.request). */
        t.string('method', 8).notNullable();
        t.boolean('deleted').notNullable();
        /** The resource JSON as served, meta included; null for a delete. */
        t.text('content');
        t.unique(['resource_pk', 'version_id']);
        t.index(['store_pk', 'last_updated_ms', 'id']);
        t.index(['store_pk', 'resource_type', 'last_updated_ms', 'id']);
      });
      await db.schema.createTable('fhir_index_string', (t) => {
        indexColumns(t);
        /** Lower case, accents removed: the default starts-with match and `:contains`. */
        t.text('value').notNullable();
        /** As written: `:exact`. */
        t.text('exact').notNullable();
        t.index(['store_pk', 'resource_type', 'code', 'value']);
      });
      await db.schema.createTable('fhir_index_token', (t) => {
        indexColumns(t);
        /** null when the token has no system (a code, a boolean). */
        t.text('system');
        t.text('value').notNullable();
        t.index(['store_pk', 'resource_type', 'code', 'value']);
      });
      await db.schema.createTable('fhir_index_reference', (t) => {
        indexColumns(t);
        /** Type and id of a local reference (`Patient/1`); null for an absolute or other reference. */
        t.string('target_type', 64);
        t.string('target_id', 64);
        /** The reference as written. */
        t.text('url').notNullable();
        t.index(['store_pk', 'resource_type', 'code', 'target_id']);
        t.index(['store_pk', 'target_type', 'target_id']);
      });
      await db.schema.createTable('fhir_index_date', (t) => {
        indexColumns(t);
        /** The instants the value covers, epoch milliseconds, both inclusive. */
        t.bigInteger('low').notNullable();
        t.bigInteger('high').notNullable();
        t.index(['store_pk', 'resource_type', 'code', 'low']);
        t.index(['store_pk', 'resource_type', 'code', 'high']);
      });
      await db.schema.createTable('fhir_index_number', (t) => {
        indexColumns(t);
        t.double('low').notNullable();
        t.double('high').notNullable();
        t.index(['store_pk', 'resource_type', 'code', 'low']);
      });
      await db.schema.createTable('fhir_index_quantity', (t) => {
        indexColumns(t);
        t.text('system');
        /** The coded unit (`code`), or the unit text when there is no code. */
        t.text('unit');
        t.double('low').notNullable();
        t.double('high').notNullable();
        t.index(['store_pk', 'resource_type', 'code', 'low']);
      });
      await db.schema.createTable('fhir_index_uri', (t) => {
        indexColumns(t);
        t.text('value').notNullable();
        t.index(['store_pk', 'resource_type', 'code', 'value']);
      });
      // Every local reference of a resource, search parameter or not: referential integrity's view.
      await db.schema.createTable('fhir_references', (t) => {
        t.bigInteger('resource_pk').notNullable().references('id').inTable('fhir_resources').onDelete('CASCADE');
        t.integer('store_pk').notNullable();
        t.string('target_type', 64).notNullable();
        t.string('target_id', 64).notNullable();
        t.index(['resource_pk']);
        t.index(['store_pk', 'target_type', 'target_id']);
      });
      await byteCollation(db, dialect, 'fhir_index_string', ['value', 'exact']);
      await byteCollation(db, dialect, 'fhir_index_token', ['system', 'value']);
      await byteCollation(db, dialect, 'fhir_index_uri', ['value']);
    },
  },
];
