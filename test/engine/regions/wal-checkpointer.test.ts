import test from 'ava';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Migration } from '../../../engine/regions/migration.ts';
import { closeRegion, openRegion } from '../../../engine/regions/open-region.ts';
import { runTransaction } from '../../../engine/regions/run-transaction.ts';

const migrations: Migration[] = [{ name: '0001-blobs', up: (db) => db.schema.createTable('rows', (t) => { t.increments('id'); t.binary('data'); }) }];

test('with the checkpointer in its worker thread, the WAL is copied into the database file and restarts instead of growing', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'plexus-checkpoint-'));
  const database = join(dir, 'region.db');
  const region = await openRegion('local', { database, blobs: join(dir, 'blobs') }, migrations);
  const chunk = Buffer.alloc(64 * 1024, 7);
  // About 2,000 WAL pages per round: twice what SQLite's own auto-checkpoint would allow.
  for (let round = 0; round < 5; round++) {
    await runTransaction(region, async (tx) => {
      for (let i = 0; i < 128; i++) await tx.run(region.db('rows').insert({ data: chunk }));
    });
    await new Promise((resolve) => setTimeout(resolve, 400));
  }
  t.true(existsSync(`${database}-wal`));
  const wal = statSync(`${database}-wal`).size;
  await closeRegion(region);
  t.true(statSync(database).size > 5 * 128 * chunk.length * 0.9, 'the rows reached the database file');
  t.true(wal < 3 * 128 * chunk.length, `the WAL restarted rather than growing to hold every round (${wal} bytes)`);
});
