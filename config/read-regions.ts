import { isAbsolute, relative } from 'node:path';
import type { ConfigIssues } from './config-issues.ts';
import { EntryReader } from './entry-reader.ts';
import { LOCATION, LOCATION_RULE } from './id-patterns.ts';
import type { RegionConfig } from './server-config.ts';

const URL_SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;
const DATABASE_RULE = 'must be a SQLite file path or a postgres:// URL';

/**
 * `regions`: location name to its database and blob folder, paths made absolute. Two
 * regions may not share a database or blob folder: data would leave its region.
 */
export function readRegions(value: Record<string, unknown>, issues: ConfigIssues, resolvePath: (p: string) => string): Record<string, RegionConfig> {
  const regions: Record<string, RegionConfig> = {};
  for (const [name, entry] of Object.entries(value)) {
    if (!LOCATION.test(name)) issues.add(['regions', name], LOCATION_RULE);
    const reader = EntryReader.open(entry, ['regions', name], issues, ['database', 'blobs']);
    const database = reader && readDatabase(reader, resolvePath);
    const blobs = reader?.text('blobs');
    if (database && blobs) regions[name] = { database, blobs: resolvePath(blobs) };
  }
  if (Object.keys(value).length === 0 && !issues.hasIssueAt(['regions'])) {
    issues.add(['regions'], 'at least one region is required, such as local: {database: ../data/local.db, blobs: ../data/blobs}');
  }
  checkRegionsApart(regions, issues);
  return regions;
}

function readDatabase(reader: EntryReader, resolvePath: (p: string) => string): string | null {
  const database = reader.text('database');
  if (database === null) return null;
  const scheme = URL_SCHEME.exec(database)?.[1].toLowerCase();
  if (scheme === undefined) return resolvePath(database);
  if ((scheme === 'postgres' || scheme === 'postgresql') && URL.canParse(database)) return database;
  return reader.problem('database', DATABASE_RULE);
}

function checkRegionsApart(regions: Record<string, RegionConfig>, issues: ConfigIssues): void {
  const seen: [string, RegionConfig][] = [];
  for (const [name, region] of Object.entries(regions)) {
    for (const [other, earlier] of seen) {
      if (region.database === earlier.database) {
        issues.add(['regions', name, 'database'], `is also the database of region ${other}; each region needs its own`);
      }
      if (isSameOrInside(region.blobs, earlier.blobs) || isSameOrInside(earlier.blobs, region.blobs)) {
        issues.add(['regions', name, 'blobs'], `overlaps the blob folder of region ${other}; each region needs its own`);
      }
    }
    seen.push([name, region]);
  }
}

function isSameOrInside(folder: string, parent: string): boolean {
  const path = relative(parent, folder);
  return !path.startsWith('..') && !isAbsolute(path);
}
