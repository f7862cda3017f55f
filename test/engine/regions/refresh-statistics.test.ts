import test from 'ava';
import { noteBulkRows } from '../../../engine/regions/refresh-statistics.ts';
import type { Region } from '../../../engine/regions/region.ts';

/** A region whose database only records the SQL it is given. */
function recordingRegion(dialect: 'sqlite' | 'postgres'): { region: Region; statements: string[] } {
  const statements: string[] = [];
  const db = { raw: (sql: string, bindings: string[] = []) => { statements.push(bindings.reduce((text, b) => text.replace('??', b), sql)); return Promise.resolve(); } };
  return { region: { name: 'r', db, dialect: { name: dialect } } as unknown as Region, statements };
}

test('statistics of the written tables are refreshed once enough bulk rows were written, and not again at once', async (t) => {
  const { region, statements } = recordingRegion('postgres');
  noteBulkRows(region, 3000, ['a', 'b']);
  t.deepEqual(statements, []);
  noteBulkRows(region, 3000, ['a', 'b']);
  t.deepEqual(statements, ['ANALYZE a, b']);
  await new Promise((resolve) => setImmediate(resolve));
  noteBulkRows(region, 10_000, ['a', 'b']);
  t.deepEqual(statements, ['ANALYZE a, b']);
});

test('SQLite refreshes with PRAGMA optimize', (t) => {
  const { region, statements } = recordingRegion('sqlite');
  noteBulkRows(region, 6000, ['a']);
  t.deepEqual(statements, ['PRAGMA optimize']);
});
