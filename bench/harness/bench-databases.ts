import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

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
