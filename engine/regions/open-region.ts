import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import knex from 'knex';
import type { RegionConfig } from '../../config/server-config.ts';
import { dialectOf } from './dialect.ts';
import { holdWriter } from './hold-writer.ts';
import type { Migration } from './migration.ts';
import { migrateRegion } from './migrate-region.ts';
import type { Region } from './region.ts';
import { createRegionReader, type RegionReader } from './region-reader.ts';
import { WalCheckpointer } from './wal-checkpointer.ts';
import { WalSync } from './wal-sync.ts';

/** Connect to a region's database, create its folders and bring its schema up to date. */
export async function openRegion(name: string, config: RegionConfig, migrations: Migration[]): Promise<Region> {
  const dialect = dialectOf(config.database);
  if (dialect.name === 'sqlite') mkdirSync(dirname(config.database), { recursive: true });
  mkdirSync(config.blobs, { recursive: true });
  const db = knex(dialect.knexConfig(config.database));
  let reader: RegionReader | null = null;
  const walSync = dialect.name === 'sqlite' ? new WalSync(`${config.database}-wal`) : null;
  const region: Region = {
    name,
    db,
    dialect,
    blobs: config.blobs,
    read: (query) => {
      const { sql, bindings } = query.toSQL().toNative();
      return reader!.readSql(sql, bindings);
    },
    readSql: (sql, bindings, options) => reader!.readSql(sql, bindings, options),
    durable: () => (walSync ? walSync.durable() : Promise.resolve()),
  };
  if (walSync) walSyncs.set(region, walSync);
  try {
    if (dialect.name === 'postgres') {
      const schema = new URL(config.database).searchParams.get('schema');
      if (schema) await db.raw('CREATE SCHEMA IF NOT EXISTS ??', [schema]);
    }
    await migrateRegion(region, migrations);
    reader = createRegionReader(dialect, config.database, db);
    if (dialect.name === 'sqlite') {
      keepStatistics(region);
      checkpointers.set(region, new WalCheckpointer(config.database, () => holdWriter(region)));
    }
  } catch (error) {
    await db.destroy();
    throw new Error(`region ${name}: cannot open its database: ${(error as Error).message}`, { cause: error });
  }
  readers.set(region, reader);
  return region;
}

const readers = new WeakMap<Region, RegionReader>();
const walSyncs = new WeakMap<Region, WalSync>();
const optimizers = new WeakMap<Region, NodeJS.Timeout>();
const checkpointers = new WeakMap<Region, WalCheckpointer>();

/** How often SQLite refreshes the statistics its planner needs for index-driven filters. */
const OPTIMIZE_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Without statistics SQLite's planner can scan a whole store for a filter an index answers
 * (PatientId on 100,000 messages: 3.5 ms instead of 0.1 ms); PostgreSQL's autovacuum keeps its own.
 */
function keepStatistics(region: Region): void {
  const optimize = (mask: string) => region.db.raw(`PRAGMA optimize${mask}`).catch(() => undefined);
  void optimize('=0x10002');
  const timer = setInterval(() => void optimize(''), OPTIMIZE_INTERVAL_MS);
  timer.unref();
  optimizers.set(region, timer);
}

export async function closeRegion(region: Region): Promise<void> {
  clearInterval(optimizers.get(region));
  await readers.get(region)?.close();
  await region.durable();
  walSyncs.get(region)?.close();
  await region.db.destroy();
  await checkpointers.get(region)?.close();
}
