import test from 'ava';
import { journalMigrations } from '../../../engine/journal/journal-migrations.ts';
import { MinuteCounters } from '../../../engine/journal/minute-counters.ts';
import { openTestRegion, uniqueId } from '../../helpers/test-region.ts';

const T0 = Date.parse('2026-03-01T10:00:10Z');

test('counts add up per minute across flushes, and minutes older than a day are deleted', async (t) => {
  const region = await openTestRegion(journalMigrations);
  const counters = new MinuteCounters(region, uniqueId());
  counters.count('TRANSFORMED', T0);
  counters.count('FILTERED', T0 + 1000);
  counters.count('ERROR', T0 + 61_000);
  await counters.flush(T0 + 61_000);
  counters.count('TRANSFORMED', T0 + 2000);
  await counters.flush(T0 + 62_000);
  t.deepEqual(await counters.read(T0 - 3600_000), [
    { minute: '2026-03-01T10:00', received: 3, transformed: 2, filtered: 1, errored: 0 },
    { minute: '2026-03-01T10:01', received: 1, transformed: 0, filtered: 0, errored: 1 },
  ]);
  t.deepEqual((await counters.read(T0 + 60_000)).map((m) => m.minute), ['2026-03-01T10:01']);
  await counters.flush(T0 + 24 * 3600_000 + 60_000);
  t.deepEqual((await counters.read(0)).map((m) => m.minute), ['2026-03-01T10:01']);
  await region.db.destroy();
});
