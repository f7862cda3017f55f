import type { Migration } from '../regions/migration.ts';

/**
 * The audit log of a region. `audit_entries` is append-only: the one update an entry ever
 * gets is being linked (`chain_id`, `link_seq` set once). `audit_links` holds the hash
 * chains, one per engine process; `audit_chains` keeps each chain's head so a linker
 * finds the heads to anchor without scanning the links.
 */
export const auditMigrations: Migration[] = [
  {
    name: '0002-audit-log-tables',
    async up(db) {
      await db.schema.createTable('audit_entries', (t) => {
        t.bigIncrements('id').primary();
        t.bigInteger('time_ms').notNullable();
        t.text('project').notNullable();
        t.text('principal').notNullable();
        t.text('permission').notNullable();
        t.text('resource').notNullable();
        t.text('method').notNullable();
        t.integer('status').notNullable();
        t.text('request_id').notNullable();
        t.text('peer').notNullable();
        t.string('log_type', 16).notNullable();
        t.text('service').notNullable();
        t.string('entry_hash', 64).notNullable();
        t.text('chain_id');
        t.bigInteger('link_seq');
        t.index(['project', 'time_ms', 'id'], 'audit_entries_project_time');
        t.index(['resource', 'time_ms'], 'audit_entries_resource_time');
        t.index(['principal', 'time_ms'], 'audit_entries_principal_time');
        t.index(['chain_id', 'link_seq', 'id'], 'audit_entries_chain_link');
      });
      // The linker's work queue: only rows not yet linked, so it stays tiny.
      await db.raw('CREATE INDEX audit_entries_unlinked ON audit_entries (id) WHERE link_seq IS NULL');
      await db.schema.createTable('audit_links', (t) => {
        t.text('chain_id').notNullable();
        t.bigInteger('seq').notNullable();
        t.string('time', 32).notNullable();
        t.string('prev_hash', 64).notNullable();
        t.string('hash', 64).notNullable();
        t.integer('entry_count').notNullable();
        t.bigInteger('first_entry_id');
        t.bigInteger('last_entry_id');
        t.text('anchors').notNullable();
        t.primary(['chain_id', 'seq']);
      });
      await db.schema.createTable('audit_chains', (t) => {
        t.text('chain_id').primary();
        t.text('host').notNullable();
        t.integer('pid').notNullable();
        t.string('started', 32).notNullable();
        t.bigInteger('head_seq').notNullable();
        t.string('head_hash', 64).notNullable();
        t.string('head_time', 32).notNullable();
      });
    },
  },
];
