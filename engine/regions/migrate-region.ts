import type { Knex } from 'knex';
import type { Migration } from './migration.ts';
import type { Region } from './region.ts';

/**
 * Run the migrations a region has not seen yet, in name order. knex's migrator does the
 * bookkeeping and locking; several engine processes starting at once wait their turn.
 */
export async function migrateRegion(region: Region, migrations: Migration[]): Promise<void> {
  const sorted = [...migrations].sort((a, b) => a.name.localeCompare(b.name));
  const names = new Set<string>();
  for (const m of sorted) {
    if (names.has(m.name)) throw new Error(`duplicate migration name ${m.name}`);
    names.add(m.name);
  }
  const migrationSource: Knex.MigrationSource<Migration> = {
    getMigrations: async () => sorted,
    getMigrationName: (m) => m.name,
    getMigration: async (m) => ({ up: (db: Knex) => m.up(db, region.dialect), down: async () => {} }),
  };
  for (let attempt = 0; ; attempt++) {
    try {
      await region.db.migrate.latest({ migrationSource, tableName: 'plexus_migrations' });
      return;
    } catch (error) {
      const locked = /already locked|database is locked|SQLITE_BUSY|plexus_migrations.*(already exists|duplicate key)|unique/i.test((error as Error).message);
      if (!locked || attempt > 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
    }
  }
}
