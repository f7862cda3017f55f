import test from 'ava';
import { deleteDatasetOperations } from '../../../engine/operations/delete-dataset-operations.ts';
import { KnexOperationStore } from '../../../engine/operations/knex-operation-store.ts';
import { operationMigrations } from '../../../engine/operations/operation-migrations.ts';
import { closeRegion } from '../../../engine/regions/open-region.ts';
import { openTestRegion, uniqueId } from '../../helpers/test-region.ts';

test('deleting a dataset\'s operations leaves other datasets\' and projects\' alone', async (t) => {
  const region = await openTestRegion(operationMigrations);
  t.teardown(() => closeRegion(region));
  const store = new KnexOperationStore();
  const project = uniqueId('p');
  const other = uniqueId('p');
  const create = (p: string, dataset: string) => store.create(region, { project: p, dataset, apiMethodName: 'm', kind: 'k' });
  const gone = await create(project, 'ds');
  const keptDataset = await create(project, 'ds2');
  const keptProject = await create(other, 'ds');
  await region.db.transaction((trx) => deleteDatasetOperations(trx, project, 'ds'));
  await t.throwsAsync(store.get(region, project, 'ds', gone.id), { message: /not found/ });
  t.is((await store.get(region, project, 'ds2', keptDataset.id)).id, keptDataset.id);
  t.is((await store.get(region, other, 'ds', keptProject.id)).id, keptProject.id);
});
