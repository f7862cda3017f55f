import test from 'ava';
import { ApiError } from '../../../engine/errors/api-error.ts';
import { iamMigrations } from '../../../engine/iam/iam-migrations.ts';
import { EMPTY_POLICY_ETAG } from '../../../engine/iam/iam-policy.ts';
import { createPolicyStore } from '../../../engine/iam/knex-policy-store.ts';
import { closeRegion } from '../../../engine/regions/open-region.ts';
import { Regions } from '../../../engine/regions/regions.ts';
import { openTestRegion, uniqueId } from '../../helpers/test-region.ts';

const primary = await openTestRegion(iamMigrations, 'us');
const eu = await openTestRegion(iamMigrations, 'eu');
const regions = new Regions([primary, eu]);
test.after.always(async () => Promise.all([closeRegion(primary), closeRegion(eu)]));
const hour = 3_600_000;
const viewer = [{ role: 'roles/healthcare.datasetViewer', members: ['user:a@x.org'] }];
const admin = [{ role: 'roles/healthcare.datasetAdmin', members: ['user:b@x.org'] }];

const datasetName = () => `projects/${uniqueId('p')}/locations/eu/datasets/${uniqueId('d')}`;

test('an unset policy is empty with etag ACAB; a set one is returned with a new etag', async (t) => {
  const store = createPolicyStore(regions, { ttlMs: hour });
  const dataset = datasetName();
  t.deepEqual(await store.get(dataset), { version: 1, bindings: [], etag: EMPTY_POLICY_ETAG });
  const set = await store.set(dataset, { bindings: viewer });
  t.regex(set.etag, /^[A-Za-z0-9+/]+=*$/);
  t.not(set.etag, EMPTY_POLICY_ETAG);
  t.deepEqual(await store.get(dataset), set);
  const again = await store.set(dataset, { bindings: viewer });
  t.not(again.etag, set.etag);
});

test("a dataset's policy lives in its region, a project's in the primary region", async (t) => {
  const store = createPolicyStore(regions);
  const dataset = datasetName();
  const project = dataset.split('/').slice(0, 2).join('/');
  await store.set(dataset, { bindings: viewer });
  await store.set(project, { bindings: admin });
  t.truthy(await eu.db('iam_policies').where({ resource: dataset }).first());
  t.falsy(await primary.db('iam_policies').where({ resource: dataset }).first());
  t.truthy(await primary.db('iam_policies').where({ resource: project }).first());
});

test('a stale etag is ABORTED (409); the current etag and ACAB on a new policy are accepted', async (t) => {
  const store = createPolicyStore(regions);
  const dataset = datasetName();
  const first = await store.set(dataset, { bindings: viewer, etag: EMPTY_POLICY_ETAG });
  const stale = await t.throwsAsync(store.set(dataset, { bindings: admin, etag: EMPTY_POLICY_ETAG }), { instanceOf: ApiError });
  t.is(stale.code, 'ABORTED');
  t.is(stale.httpStatus, 409);
  t.regex(stale.message, /stale etag/);
  const second = await store.set(dataset, { bindings: admin, etag: first.etag });
  await t.throwsAsync(store.set(dataset, { bindings: viewer, etag: first.etag }), { instanceOf: ApiError, message: /stale etag/ });
  await t.throwsAsync(store.set(dataset, { bindings: null, etag: first.etag }), { instanceOf: ApiError, message: /stale etag/ });
  t.deepEqual(await store.set(dataset, { bindings: null, etag: second.etag }), second);
  t.deepEqual((await store.get(dataset, { fresh: true })).bindings, admin);
});

test('a local set invalidates the cache; another process sees it once its cache expires', async (t) => {
  const local = createPolicyStore(regions, { ttlMs: hour });
  const other = createPolicyStore(regions, { ttlMs: hour });
  const dataset = datasetName();
  t.deepEqual((await other.get(dataset)).bindings, []);
  t.deepEqual((await local.get(dataset)).bindings, []);
  await local.set(dataset, { bindings: viewer });
  t.deepEqual((await local.get(dataset)).bindings, viewer);
  t.deepEqual((await other.get(dataset)).bindings, [], 'still within the other process cache lifetime');
  t.deepEqual((await other.get(dataset, { fresh: true })).bindings, viewer);
  const uncached = createPolicyStore(regions, { ttlMs: 0 });
  t.deepEqual((await uncached.get(dataset)).bindings, viewer);
});

test('a set inside a transaction commits or rolls back with it', async (t) => {
  const store = createPolicyStore(regions, { ttlMs: hour });
  const dataset = datasetName();
  await t.throwsAsync(
    eu.db.transaction(async (trx) => {
      await store.set(dataset, { bindings: viewer }, trx);
      throw new Error('rolled back');
    }),
    { message: 'rolled back' },
  );
  t.deepEqual((await store.get(dataset)).bindings, []);
  await eu.db.transaction((trx) => store.set(dataset, { bindings: admin }, trx));
  t.deepEqual((await store.get(dataset)).bindings, admin);
});

test('deleteTree erases a dataset policy and its stores, not a sibling with a similar name', async (t) => {
  const store = createPolicyStore(regions, { ttlMs: hour });
  const dataset = datasetName();
  const sibling = `${dataset}_2`;
  for (const name of [dataset, `${dataset}/fhirStores/s`, sibling]) await store.set(name, { bindings: viewer });
  await store.get(`${dataset}/fhirStores/s`);
  await store.deleteTree(dataset);
  t.deepEqual((await store.get(dataset)).bindings, []);
  t.deepEqual((await store.get(`${dataset}/fhirStores/s`)).bindings, []);
  t.deepEqual((await store.get(sibling, { fresh: true })).bindings, viewer);
});

test('names that carry no policy are INVALID_ARGUMENT; unknown locations NOT_FOUND', async (t) => {
  const store = createPolicyStore(regions);
  await t.throwsAsync(async () => store.get('projects/p/locations/eu'), { instanceOf: ApiError, message: /cannot carry an IAM policy/ });
  await t.throwsAsync(async () => store.get('projects/p/locations/mars/datasets/d'), { instanceOf: ApiError, message: /mars/ });
});
