import test from 'ava';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Migration } from '../../../engine/regions/migration.ts';
import { closeRegion, openRegion } from '../../../engine/regions/open-region.ts';
import { runTransaction } from '../../../engine/regions/run-transaction.ts';
import { walRestartTotals } from '../../../engine/regions/wal-checkpointer.ts';
import { TYPESCRIPT_IMPORT } from '../../../cli/typescript-import.ts';

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

test('under writes that never pause, the WAL still restarts: the writer waits for a checkpoint once it is over its limit', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'plexus-checkpoint-'));
  const database = join(dir, 'region.db');
  const region = await openRegion('local', { database, blobs: join(dir, 'blobs') }, migrations);
  const chunk = Buffer.alloc(16 * 1024, 7);
  // Back-to-back commits for 2.5 s: before the writer paused for it, the WAL only grew.
  const restartedBefore = walRestartTotals.restarted;
  let written = 0;
  const until = Date.now() + 2500;
  while (Date.now() < until) {
    await runTransaction(region, async (tx) => {
      for (let i = 0; i < 16; i++) await tx.run(region.db('rows').insert({ data: chunk }));
    });
    written += 16 * chunk.length;
    // As a server's writers do, between commits the event loop turns (worker messages arrive).
    await new Promise((resolve) => setImmediate(resolve));
  }
  const wal = statSync(`${database}-wal`).size;
  await closeRegion(region);
  t.true(walRestartTotals.restarted > restartedBefore, 'writes paused and the WAL restarted');
  t.true(written > 200 * 1024 * 1024, `enough was written to matter (${written} bytes)`);
  t.true(wal < written / 4, `the WAL (${wal} bytes) stayed far smaller than what went through it (${written} bytes)`);
});

test('the checkpointer thread does not keep the process alive: a region whose connections were destroyed without closeRegion lets it end', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'plexus-checkpoint-'));
  const openRegionUrl = new URL('../../../engine/regions/open-region.ts', import.meta.url).href;
  const script = join(dir, 'open-and-leave.mjs');
  writeFileSync(script, `const { openRegion } = await import(${JSON.stringify(openRegionUrl)});
const region = await openRegion('local', { database: ${JSON.stringify(join(dir, 'region.db'))}, blobs: ${JSON.stringify(join(dir, 'blobs'))} }, []);
await region.db.destroy();
console.log('opened');
`);
  // Generous: the process should end as soon as the script does; only a handle left ref'd keeps it (as tests that only destroy knex do).
  const outcome = await new Promise<{ code: number | null; signal: string | null; stdout: string }>((resolve) => {
    const child = execFile(process.execPath, [TYPESCRIPT_IMPORT, script], { timeout: 20_000 }, (_error, stdout) => {
      resolve({ code: child.exitCode, signal: child.signalCode, stdout: String(stdout) });
    });
  });
  t.is(outcome.stdout.trim(), 'opened');
  t.is(outcome.signal, null, 'the process ended by itself, not by the timeout\'s kill');
  t.is(outcome.code, 0);
});
