import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import knex from 'knex';
import type { RegionConfig } from '../../config/server-config.ts';
import { dialectOf } from './dialect.ts';
import type { Migration } from './migration.ts';
import { migrateRegion } from './migrate-region.ts';
import type { Region } from './region.ts';

/** Connect to a region's database, create its folders and bring its schema up to date. */
export async function openRegion(name: string, config: RegionConfig, migrations: Migration[]): Promise<Region> {
  const dialect = dialectOf(config.database);
  if (dialect.name === 'sqlite') mkdirSync(dirname(config.database), { recursive: true });
  mkdirSync(config.blobs, { recursive: true });
  const db = knex(dialect.knexConfig(config.database));
  const region: Region = { name, db, dialect, blobs: config.blobs };
  try {
    if (dialect.name === 'postgres') {
      const schema = new URL(config.database).searchParams.get('schema');
      if (schema) await db.raw('CREATE SCHEMA IF NOT EXISTS ??', [schema]);
    }
    await migrateRegion(region, migrations);
  } catch (error) {
    await db.destroy();
    throw new Error(`region ${name}: cannot open its database: ${(error as Error).message}`, { cause: error });
  }
  return region;
}

export async function closeRegion(region: Region): Promise<void> {
  await region.db.destroy();
}
