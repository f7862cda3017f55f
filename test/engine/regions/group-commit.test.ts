import test from 'ava';
import type { Migration } from '../../../engine/regions/migration.ts';
import { GroupCommitter } from '../../../engine/regions/group-commit.ts';
import { runTransaction } from '../../../engine/regions/run-transaction.ts';
import { openTestRegion, uniqueId } from '../../helpers/test-region.ts';

const migrations: Migration[] = [
  {
    name: '0001-test-notes',
    async up(db) {
      await db.schema.createTable('notes', (t) => {
        t.increments('id');
        t.string('owner', 64).notNullable();
        t.string('text', 64).notNullable().unique();
      });
    },
  },
];

test('concurrent units share transactions, and each resolves after its commit', async (t) => {
  const region = await openTestRegion(migrations);
  const committer = new GroupCommitter(region);
  const owner = uniqueId();
  const runs = new Set<unknown>();
  const committed: number[] = [];
  const results = await Promise.all(Array.from({ length: 50 }, (_, i) =>
    committer.commit(async (tx) => {
      runs.add(tx.run);
      await tx.run(region.db('notes').insert({ owner, text: `${owner}-${i}` }));
      tx.afterCommit(() => committed.push(i));
      return i;
    })));
  t.deepEqual(results, Array.from({ length: 50 }, (_, i) => i));
  t.true(runs.size < 50, `50 units in ${runs.size} transactions`);
  t.is(committed.length, 50);
  t.is((await region.db('notes').where({ owner })).length, 50);
  await region.db.destroy();
});

test('a failing unit is rolled back alone; the others commit', async (t) => {
  const region = await openTestRegion(migrations);
  const committer = new GroupCommitter(region);
  const owner = uniqueId();
  const afterFailed: string[] = [];
  const outcomes = await Promise.allSettled([
    committer.commit((tx) => tx.run(region.db('notes').insert({ owner, text: `${owner}-a` }))),
    committer.commit(async (tx) => {
      await tx.run(region.db('notes').insert({ owner, text: `${owner}-b` }));
      tx.afterCommit(() => afterFailed.push('ran'));
      throw new Error('this unit fails');
    }),
    committer.commit((tx) => tx.run(region.db('notes').insert({ owner, text: `${owner}-a` }))),
    committer.commit((tx) => tx.run(region.db('notes').insert({ owner, text: `${owner}-c` }))),
  ]);
  t.deepEqual(outcomes.map((o) => o.status), ['fulfilled', 'rejected', 'rejected', 'fulfilled']);
  t.true(region.dialect.isUniqueViolation((outcomes[2] as PromiseRejectedResult).reason));
  t.deepEqual(afterFailed, []);
  const texts = (await region.db('notes').where({ owner }).orderBy('text')).map((r) => r.text);
  t.deepEqual(texts, [`${owner}-a`, `${owner}-c`]);
  await region.db.destroy();
});

test('a unit alone in its batch is rolled back when it fails, and its afterCommit callbacks do not run', async (t) => {
  const region = await openTestRegion(migrations);
  const committer = new GroupCommitter(region);
  const owner = uniqueId();
  const ran: string[] = [];
  await t.throwsAsync(committer.commit(async (tx) => {
    await tx.run(region.db('notes').insert({ owner, text: `${owner}-lone` }));
    tx.afterCommit(() => ran.push('failed unit'));
    throw new Error('the lone unit fails');
  }), { message: 'the lone unit fails' });
  await committer.commit(async (tx) => {
    await tx.run(region.db('notes').insert({ owner, text: `${owner}-next` }));
    tx.afterCommit(() => ran.push('next unit'));
  });
  t.deepEqual(ran, ['next unit']);
  t.deepEqual((await region.db('notes').where({ owner })).map((r) => r.text), [`${owner}-next`]);
  await region.db.destroy();
});

test('runTransaction rolls back everything when the work throws', async (t) => {
  const region = await openTestRegion(migrations);
  const owner = uniqueId();
  await t.throwsAsync(runTransaction(region, async (tx) => {
    await tx.run(region.db('notes').insert({ owner, text: `${owner}-x` }));
    throw new Error('no');
  }), { message: 'no' });
  t.is((await region.db('notes').where({ owner })).length, 0);
  await region.db.destroy();
});
