import test from 'ava';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WalSync } from '../../../engine/regions/wal-sync.ts';

test('callers waiting at once share fsyncs, and each waits for one that started after it', async (t) => {
  const wal = join(mkdtempSync(join(tmpdir(), 'plexus-wal-')), 'db-wal');
  writeFileSync(wal, 'frames');
  const sync = new WalSync(wal);
  let fsyncs = 0;
  const original = (sync as unknown as { fdatasync(): Promise<void> }).fdatasync.bind(sync);
  (sync as unknown as { fdatasync(): Promise<void> }).fdatasync = async () => {
    fsyncs++;
    await original();
  };
  const order: string[] = [];
  const first = sync.durable().then(() => order.push('first'));
  const during = Array.from({ length: 20 }, (_, i) => sync.durable().then(() => order.push(`during-${i}`)));
  await Promise.all([first, ...during]);
  t.is(order[0], 'first');
  t.is(order.length, 21);
  t.true(fsyncs <= 2, `${fsyncs} fsyncs for 21 callers`);
  sync.close();
});

test('a missing WAL (nothing written yet) is durable at once', async (t) => {
  const sync = new WalSync(join(mkdtempSync(join(tmpdir(), 'plexus-wal-')), 'none-wal'));
  await t.notThrowsAsync(sync.durable());
  sync.close();
});
