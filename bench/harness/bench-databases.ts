import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';

/**
 * The databases a store scenario runs on: a new SQLite file in `dir`, and, when
 * PLEXUS_BENCH_DATABASE_URL is set, a new schema of that PostgreSQL database (any
 * `schema` in the URL is replaced, so runs never share tables).
 */
export function benchDatabases(dir: string): Array<{ dialect: 'sqlite' | 'postgres'; database: string }> {
  const databases: Array<{ dialect: 'sqlite' | 'postgres'; database: string }> = [{ dialect: 'sqlite', database: join(dir, 'bench.db') }];
  const pg = process.env.PLEXUS_BENCH_DATABASE_URL;
  if (pg) {
    const url = new URL(pg);
    url.searchParams.set('schema', `bench_${randomBytes(4).toString('hex')}`);
    databases.push({ dialect: 'postgres', database: url.toString() });
  }
  return databases;
}

/** Drop the PostgreSQL schema benchDatabases made for a run (a SQLite file goes with its folder). */
export async function dropBenchDatabase(database: string): Promise<void> {
  if (!database.startsWith('postgres')) return;
  const url = new URL(database);
  const schema = url.searchParams.get('schema');
  url.searchParams.delete('schema');
  if (!schema?.startsWith('bench_')) return;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
