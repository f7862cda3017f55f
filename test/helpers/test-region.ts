import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RegionConfig } from '../../config/server-config.ts';
import type { Migration } from '../../engine/regions/migration.ts';
import { openRegion } from '../../engine/regions/open-region.ts';
import type { Region } from '../../engine/regions/region.ts';

/**
 * Tests run on the embedded default (a fresh SQLite file) or, when
 * PLEXUS_TEST_DATABASE_URL is set, on PostgreSQL in a fresh schema of that database.
 */
export const testDialect: 'sqlite' | 'postgres' = process.env.PLEXUS_TEST_DATABASE_URL ? 'postgres' : 'sqlite';

/** A region config of its own: a new SQLite file, or a new PostgreSQL schema. */
export function testRegionConfig(): RegionConfig {
  const dir = mkdtempSync(join(tmpdir(), 'plexus-test-'));
  const url = process.env.PLEXUS_TEST_DATABASE_URL;
  if (!url) return { database: join(dir, 'region.db'), blobs: join(dir, 'blobs') };
  const schema = `plexus_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const database = new URL(url);
  database.searchParams.set('schema', schema);
  return { database: database.toString(), blobs: join(dir, 'blobs') };
}

export async function openTestRegion(migrations: Migration[], name = 'local'): Promise<Region> {
  return openRegion(name, testRegionConfig(), migrations);
}

/** A unique id for one test's resources, so tests share a database without teardown. */
export function uniqueId(prefix = 't'): string {
  return `${prefix}-${randomBytes(6).toString('hex')}`;
}
