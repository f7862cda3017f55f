import test from 'ava';
import type { Migration } from '../../../engine/regions/migration.ts';
import { PreparedRead } from '../../../engine/regions/prepared-read.ts';
import { openTestRegion, uniqueId } from '../../helpers/test-region.ts';

const migrations: Migration[] = [
  {
    name: '0001-test-people',
    async up(db) {
      await db.schema.createTable('people', (t) => {
        t.increments('id');
        t.string('team', 64).notNullable();
        t.string('name', 64).notNullable();
      });
    },
  },
];

test('a prepared read compiles once and binds each call its own values, constants kept', async (t) => {
  const region = await openTestRegion(migrations);
  const team = uniqueId();
  await region.db('people').insert([{ team, name: 'ana' }, { team, name: 'bo' }, { team: `${team}-x`, name: 'ana' }]);
  const byTeamAndName = new PreparedRead<[string, string], { name: string; team: string }>((db, t1, name) =>
    db('people').where({ team: t1, name }).orderBy('id').limit(5));
  t.deepEqual((await byTeamAndName.read(region, team, 'ana')).map((r) => r.team), [team]);
  t.deepEqual((await byTeamAndName.read(region, `${team}-x`, 'ana')).map((r) => r.team), [`${team}-x`]);
  t.deepEqual(await byTeamAndName.read(region, team, 'nobody'), []);
  await region.db.destroy();
});
