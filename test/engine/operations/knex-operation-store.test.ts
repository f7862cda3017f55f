import test from 'ava';
import { KnexOperationStore } from '../../../engine/operations/knex-operation-store.ts';
import { operationMigrations } from '../../../engine/operations/operation-migrations.ts';
import type { OperationLease } from '../../../engine/operations/operation-store.ts';
import { closeRegion } from '../../../engine/regions/open-region.ts';
import type { Region } from '../../../engine/regions/region.ts';
import { openTestRegion, uniqueId } from '../../helpers/test-region.ts';

const IMPORT = 'google.cloud.healthcare.v1.fhir.FhirStoreService.ImportResources';
const EXPORT = 'google.cloud.healthcare.v1.fhir.FhirStoreService.ExportResources';

let region: Region;
const store = new KnexOperationStore();

test.before(async () => {
  region = await openTestRegion(operationMigrations);
});

test.after.always(async () => {
  await closeRegion(region);
});

const newOp = (project: string, apiMethodName = IMPORT, dataset = 'ds') =>
  store.create(region, { project, dataset, apiMethodName, kind: 'test', request: { gcsSource: { uri: 'gs://b/*' } } });

const leaseOf = (id: string, owner: string, leaseMs = 60_000): OperationLease => ({ region, id, owner, leaseMs });

test('create then get returns the pending operation with its request', async (t) => {
  const project = uniqueId('p');
  const created = await newOp(project);
  const got = await store.get(region, project, 'ds', created.id);
  t.regex(got.id, /^[1-9]\d{0,18}$/);
  t.is(got.name, `projects/${project}/locations/local/datasets/ds/operations/${created.id}`);
  t.is(got.apiMethodName, IMPORT);
  t.false(got.done);
  t.false(got.cancelRequested);
  t.deepEqual(got.request, { gcsSource: { uri: 'gs://b/*' } });
  t.is(got.createTime.getTime(), created.createTime.getTime());
  t.is(got.endTime, null);
  t.is(got.checkpoint, null);
});

test('get is scoped to the dataset: another dataset\'s operation is NOT_FOUND', async (t) => {
  const project = uniqueId('p');
  const created = await newOp(project);
  const error = await t.throwsAsync(store.get(region, project, 'other', created.id));
  t.is((error as { code?: string }).code, 'NOT_FOUND');
  t.regex(error.message, /operations\/\d+' not found/);
});

test('an operation created in a rolled-back transaction does not exist and wakes nobody', async (t) => {
  const ownStore = new KnexOperationStore();
  const project = uniqueId('p');
  const woken: string[] = [];
  ownStore.onCreated((r) => woken.push(r.name));
  let id = '';
  await t.throwsAsync(region.db.transaction(async (trx) => {
    id = (await ownStore.create(region, { project, dataset: 'ds', apiMethodName: IMPORT, kind: 'test' }, trx)).id;
    throw new Error('roll back');
  }), { message: 'roll back' });
  await t.throwsAsync(ownStore.get(region, project, 'ds', id), { message: /not found/ });
  t.deepEqual(woken, []);
});

test('onCreated fires once the creating transaction has committed', async (t) => {
  const ownStore = new KnexOperationStore();
  const project = uniqueId('p');
  let id = '';
  const visibleWhenWoken = new Promise<boolean>((resolve) => {
    ownStore.onCreated(() => void ownStore.get(region, project, 'ds', id).then(() => resolve(true), () => resolve(false)));
  });
  await region.db.transaction(async (trx) => {
    id = (await ownStore.create(region, { project, dataset: 'ds', apiMethodName: IMPORT, kind: 'test' }, trx)).id;
  });
  t.true(await visibleWhenWoken);
});

test('onCreated listeners can unsubscribe', async (t) => {
  const ownStore = new KnexOperationStore();
  const woken: string[] = [];
  const unsubscribe = ownStore.onCreated((r) => woken.push(r.name));
  await ownStore.create(region, { project: uniqueId('p'), dataset: 'ds', apiMethodName: IMPORT, kind: 'test' });
  unsubscribe();
  await ownStore.create(region, { project: uniqueId('p'), dataset: 'ds', apiMethodName: IMPORT, kind: 'test' });
  t.deepEqual(woken, ['local']);
});

test('createDone records a finished operation with its response', async (t) => {
  const project = uniqueId('p');
  const response = { '@type': 'type.googleapis.com/google.cloud.healthcare.v1.dataset.Dataset', name: 'x' };
  const op = await store.createDone(region, { project, dataset: 'ds', apiMethodName: 'CreateDataset', outcome: { response } });
  const got = await store.get(region, project, 'ds', op.id);
  t.true(got.done);
  t.is(got.kind, null);
  t.deepEqual(got.response, response);
  t.is(got.error, null);
  t.is(got.endTime?.getTime(), got.createTime.getTime());
});

test('list filters by done and by apiMethodName, with = and !=', async (t) => {
  const project = uniqueId('p');
  const a = await newOp(project, IMPORT);
  const b = await newOp(project, EXPORT);
  const c = await store.createDone(region, { project, dataset: 'ds', apiMethodName: IMPORT, outcome: { response: {} } });
  await newOp(project, IMPORT, 'other-dataset');
  const ids = async (filter?: string) =>
    (await store.list(region, project, 'ds', { filter })).operations.map((o) => o.id).sort();
  t.deepEqual(await ids(), [a.id, b.id, c.id].sort());
  t.deepEqual(await ids('done=true'), [c.id]);
  t.deepEqual(await ids('done = false'), [a.id, b.id].sort());
  t.deepEqual(await ids(`metadata.apiMethodName="${EXPORT}"`), [b.id]);
  t.deepEqual(await ids(`metadata.apiMethodName!="${EXPORT}"`), [a.id, c.id].sort());
  t.deepEqual(await ids(`metadata.apiMethodName="${IMPORT}" AND done=false`), [a.id]);
  await t.throwsAsync(ids('name="x"'), { message: /invalid filter term/ });
});

test('list pages newest first with page tokens until every operation is seen once', async (t) => {
  const project = uniqueId('p');
  const created: string[] = [];
  for (let i = 0; i < 5; i++) created.push((await newOp(project)).id);
  const seen: string[] = [];
  let pageToken: string | undefined;
  let pages = 0;
  do {
    const page = await store.list(region, project, 'ds', { pageSize: 2, pageToken });
    t.true(page.operations.length <= 2);
    seen.push(...page.operations.map((o) => o.id));
    pageToken = page.nextPageToken ?? undefined;
    pages++;
  } while (pageToken);
  t.is(pages, 3);
  t.deepEqual([...seen].sort(), [...created].sort());
  const times = (await store.list(region, project, 'ds', {})).operations.map((o) => o.createTime.getTime());
  t.deepEqual(times, [...times].sort((x, y) => y - x));
});

test('list refuses a malformed page token and a negative page size', async (t) => {
  const project = uniqueId('p');
  await t.throwsAsync(store.list(region, project, 'ds', { pageToken: 'garbage' }), { message: /invalid page token/ });
  await t.throwsAsync(store.list(region, project, 'ds', { pageSize: -1 }), { message: /pageSize/ });
});

test('cancelling a pending operation ends it CANCELLED at once; a done one is left as it is', async (t) => {
  const project = uniqueId('p');
  const pending = await newOp(project);
  const cancelled = await store.requestCancel(region, project, 'ds', pending.id);
  t.true(cancelled.done);
  t.true(cancelled.cancelRequested);
  t.deepEqual(cancelled.error, { code: 1, message: 'operation was cancelled' });
  t.truthy(cancelled.endTime);
  const done = await store.createDone(region, { project, dataset: 'ds', apiMethodName: IMPORT, outcome: { response: { ok: 1 } } });
  const after = await store.requestCancel(region, project, 'ds', done.id);
  t.false(after.cancelRequested);
  t.deepEqual(after.response, { ok: 1 });
  await t.throwsAsync(store.requestCancel(region, project, 'ds', '12345'), { message: /not found/ });
});

test('cancelling a leased operation only flags it; its runner learns at renewal', async (t) => {
  const project = uniqueId('p');
  const op = await store.create(region, { project, dataset: 'ds', apiMethodName: IMPORT, kind: uniqueId('k') });
  const [claimed] = await store.claim(region, 'a', [op.kind!], 10, 60_000);
  t.is(claimed.id, op.id);
  const flagged = await store.requestCancel(region, project, 'ds', op.id);
  t.false(flagged.done);
  t.true(flagged.cancelRequested);
  t.is(await store.renewLease(leaseOf(op.id, 'a')), 'cancelRequested');
});

test('a lease is exclusive until it expires; the old holder then writes nothing', async (t) => {
  const project = uniqueId('p');
  const kind = uniqueId('k');
  const op = await store.create(region, { project, dataset: 'ds', apiMethodName: IMPORT, kind });
  t.deepEqual((await store.claim(region, 'a', [kind], 10, 1)).map((o) => o.id), [op.id]);
  await new Promise((resolve) => setTimeout(resolve, 10));
  const [taken] = await store.claim(region, 'b', [kind], 10, 60_000);
  t.is(taken.id, op.id);
  t.deepEqual(await store.claim(region, 'c', [kind], 10, 60_000), []);
  t.is(await store.saveProgress(leaseOf(op.id, 'a'), { checkpoint: { step: 9 } }), 'lost');
  t.false(await store.complete(leaseOf(op.id, 'a'), { response: {} }));
  t.is(await store.saveProgress(leaseOf(op.id, 'b'), { checkpoint: { step: 1 }, counter: { success: 1, failure: 0, pending: 4 }, progressPercent: 20 }), 'held');
  const saved = await store.get(region, project, 'ds', op.id);
  t.deepEqual(saved.checkpoint, { step: 1 });
  t.deepEqual(saved.counter, { success: 1, failure: 0, pending: 4 });
  t.is(saved.progressPercent, 20);
  t.true(await store.complete(leaseOf(op.id, 'b'), { error: { code: 3, message: 'bad' } }));
  const done = await store.get(region, project, 'ds', op.id);
  t.true(done.done);
  t.deepEqual(done.error, { code: 3, message: 'bad' });
  t.deepEqual(await store.claim(region, 'c', [kind], 10, 60_000), []);
});

test('claim takes only registered kinds, oldest first, up to the limit; a released lease is claimable again', async (t) => {
  const project = uniqueId('p');
  const kind = uniqueId('k');
  const first = await store.create(region, { project, dataset: 'ds', apiMethodName: IMPORT, kind });
  await new Promise((resolve) => setTimeout(resolve, 5));
  await store.create(region, { project, dataset: 'ds', apiMethodName: IMPORT, kind });
  await store.create(region, { project, dataset: 'ds', apiMethodName: IMPORT, kind: uniqueId('other') });
  const [claimed, ...rest] = await store.claim(region, 'a', [kind], 1, 60_000);
  t.is(claimed.id, first.id);
  t.deepEqual(rest, []);
  await store.releaseLease(leaseOf(first.id, 'a'));
  const again = await store.claim(region, 'b', [kind], 10, 60_000);
  t.deepEqual(again.map((o) => o.id).sort(), [first.id, (await store.list(region, project, 'ds', {})).operations.find((o) => o.kind === kind && o.id !== first.id)!.id].sort());
});
