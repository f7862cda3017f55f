import { createHash } from 'node:crypto';
import test from 'ava';
import { buildHttpServer } from '../../../connectors/http/http-server.ts';
import { iamPolicyRoutes } from '../../../connectors/http/routes/iam-policy-routes.ts';
import type { AuditEntry } from '../../../engine/audit/audit-entry.ts';
import type { AuditLog } from '../../../engine/audit/audit-log.ts';
import { createAuthenticator } from '../../../engine/iam/create-authenticator.ts';
import { createAuthorizer } from '../../../engine/iam/create-authorizer.ts';
import { iamMigrations } from '../../../engine/iam/iam-migrations.ts';
import { createPolicyStore } from '../../../engine/iam/knex-policy-store.ts';
import { createLogger } from '../../../engine/logger.ts';
import { closeRegion } from '../../../engine/regions/open-region.ts';
import { Regions } from '../../../engine/regions/regions.ts';
import { openTestRegion, uniqueId } from '../../helpers/test-region.ts';

const primary = await openTestRegion(iamMigrations, 'us');
const eu = await openTestRegion(iamMigrations, 'eu');
const regions = new Regions([primary, eu]);

/** Audit entries by how they were written: inside the request's transaction, or after it. */
const audited = { inTransaction: [] as AuditEntry[], after: [] as AuditEntry[] };
const audit: AuditLog = {
  isEnabled: () => true,
  record: (_region, entry) => void audited.after.push(entry),
  recordIn: async (_tx: unknown, entry: AuditEntry) => void audited.inTransaction.push(entry),
  isBacklogged: () => false,
  flush: async () => {},
  close: async () => {},
};

const keys = { admin: 'key-admin-0001', alice: 'key-alice-0002', nobody: 'key-nobody-0003' };
const sha256 = (key: string) => createHash('sha256').update(key).digest('hex');
const policies = createPolicyStore(regions);
const authorizer = createAuthorizer({
  policies,
  authMode: 'apiKey',
  bindings: [{ role: 'roles/plexus.admin', members: ['user:admin@x.org'], project: '*' }],
});
/** Datasets and stores that exist, as the datasets layer would answer. */
const existing = new Set<string>();
const app = buildHttpServer({
  http: { host: '127.0.0.1', port: 0, tls: null, requestTimeoutMs: 30_000, maxConnections: 100 },
  limits: { default: 1 << 20, fhirBundle: 1 << 20, stow: 1 << 20 },
  routes: iamPolicyRoutes({ policies, authorizer, exists: async (name, region) => region === eu && existing.has(name) }),
  regions,
  authenticator: createAuthenticator({
    mode: 'apiKey',
    jwt: null,
    apiKeys: [
      { principal: 'user:admin@x.org', keySha256: sha256(keys.admin) },
      { principal: 'user:alice@x.org', keySha256: sha256(keys.alice) },
      { principal: 'user:nobody@x.org', keySha256: sha256(keys.nobody) },
    ],
  }),
  authorizer,
  audit,
  logger: createLogger('silent'),
});
test.after.always(async () => {
  await app.close();
  await Promise.all([closeRegion(primary), closeRegion(eu)]);
});

function tree() {
  const project = `projects/${uniqueId('p')}`;
  const dataset = `${project}/locations/eu/datasets/${uniqueId('d')}`;
  const stores = ['fhirStores', 'hl7V2Stores', 'dicomStores'].map((kind) => `${dataset}/${kind}/${uniqueId('s')}`);
  for (const name of [dataset, ...stores]) existing.add(name);
  return { project, dataset, stores, all: [project, dataset, ...stores] };
}

function call(method: 'GET' | 'POST', url: string, key: string | null, payload?: unknown) {
  return app.inject({
    method,
    url: `/v1/${url}`,
    headers: { ...(key ? { 'x-api-key': key } : {}), ...(payload !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(payload !== undefined ? { payload: JSON.stringify(payload) } : {}),
  });
}

const viewerOf = (member: string) => [{ role: 'roles/healthcare.datasetViewer', members: [member] }];

test('getIamPolicy by GET and POST gives an empty policy on every level', async (t) => {
  for (const resource of tree().all) {
    for (const response of [await call('GET', `${resource}:getIamPolicy`, keys.admin), await call('POST', `${resource}:getIamPolicy`, keys.admin, {})]) {
      t.is(response.statusCode, 200, resource);
      t.deepEqual(response.json(), { version: 1, etag: 'ACAB' });
    }
  }
  const versioned = await call('GET', `${tree().dataset}:getIamPolicy?options.requestedPolicyVersion=3`, keys.admin);
  t.is(versioned.statusCode, 200);
  t.is((await call('POST', `${tree().project}:getIamPolicy`, keys.admin, { options: { requestedPolicyVersion: 2 } })).statusCode, 400);
});

test('setIamPolicy stores the policy on every level and getIamPolicy returns it', async (t) => {
  for (const resource of tree().all) {
    const set = await call('POST', `${resource}:setIamPolicy`, keys.admin, { policy: { bindings: viewerOf('user:bob@x.org') } });
    t.is(set.statusCode, 200, resource);
    const policy = set.json();
    t.deepEqual(policy.bindings, viewerOf('user:bob@x.org'));
    t.is(policy.version, 1);
    t.not(policy.etag, 'ACAB');
    t.deepEqual((await call('GET', `${resource}:getIamPolicy`, keys.admin)).json(), policy);
  }
});

test('a stale etag is 409 ABORTED; the current one is accepted', async (t) => {
  const { dataset } = tree();
  const first = (await call('POST', `${dataset}:setIamPolicy`, keys.admin, { policy: { etag: 'ACAB', bindings: viewerOf('user:a@x.org') } })).json();
  const stale = await call('POST', `${dataset}:setIamPolicy`, keys.admin, { policy: { etag: 'ACAB', bindings: [] } });
  t.is(stale.statusCode, 409);
  t.is(stale.json().error.status, 'ABORTED');
  t.regex(stale.json().error.message, /stale etag/);
  const current = await call('POST', `${dataset}:setIamPolicy`, keys.admin, { policy: { etag: first.etag, bindings: [] } });
  t.is(current.statusCode, 200);
  t.deepEqual(Object.keys(current.json()).sort(), ['etag', 'version']);
});

test('an unknown role or a malformed member is 400 naming the binding', async (t) => {
  const store = tree().stores[0];
  const role = await call('POST', `${store}:setIamPolicy`, keys.admin, { policy: { bindings: [{ role: 'roles/owner', members: ['allUsers'] }] } });
  t.is(role.statusCode, 400);
  t.regex(role.json().error.message, /policy\.bindings\[0\]\.role/);
  const member = await call('POST', `${store}:setIamPolicy`, keys.admin, { policy: { bindings: viewerOf('bob') } });
  t.is(member.statusCode, 400);
  t.regex(member.json().error.message, /policy\.bindings\[0\]\.members\[0\]/);
});

test('a dataset or store that does not exist is 404', async (t) => {
  const { dataset } = tree();
  const missing = [`${dataset.replace(/datasets\/.*/, 'datasets/nope')}`, `${dataset}/fhirStores/nope`, `${dataset}/dicomStores/nope`];
  for (const resource of missing) {
    t.is((await call('GET', `${resource}:getIamPolicy`, keys.admin)).statusCode, 404, resource);
    t.is((await call('POST', `${resource}:setIamPolicy`, keys.admin, { policy: {} })).statusCode, 404, resource);
    t.is((await call('POST', `${resource}:testIamPermissions`, keys.admin, { permissions: ['healthcare.datasets.get'] })).statusCode, 404);
  }
});

test('testIamPermissions answers the subset the caller holds, inherited from above', async (t) => {
  const { dataset, stores } = tree();
  await call('POST', `${dataset}:setIamPolicy`, keys.admin, { policy: { bindings: [{ role: 'roles/healthcare.fhirResourceReader', members: ['user:alice@x.org'] }] } });
  const asked = { permissions: ['healthcare.fhirResources.get', 'healthcare.fhirResources.update', 'healthcare.fhirStores.searchResources', 'x.y.z'] };
  const answer = await call('POST', `${stores[0]}:testIamPermissions`, keys.alice, asked);
  t.is(answer.statusCode, 200);
  t.deepEqual(answer.json(), { permissions: ['healthcare.fhirResources.get', 'healthcare.fhirStores.searchResources'] });
  const none = await call('POST', `${dataset}:testIamPermissions`, keys.alice, { permissions: ['healthcare.datasets.delete'] });
  t.deepEqual(none.json(), {});
  const wildcard = await call('POST', `${dataset}:testIamPermissions`, keys.alice, { permissions: ['healthcare.*'] });
  t.is(wildcard.statusCode, 400);
});

test('a caller without bindings is 403 on every route; no credentials is 401', async (t) => {
  for (const resource of tree().all) {
    for (const [method, verb] of [['GET', 'getIamPolicy'], ['POST', 'getIamPolicy'], ['POST', 'setIamPolicy'], ['POST', 'testIamPermissions']] as const) {
      const payload = method === 'POST' ? { policy: {}, permissions: [] } : undefined;
      t.is((await call(method, `${resource}:${verb}`, keys.nobody, payload)).statusCode, 403, `${method} ${resource}:${verb}`);
      t.is((await call(method, `${resource}:${verb}`, null, payload)).statusCode, 401);
    }
  }
});

test('a dataset-level policy admin manages the stores below but not the project', async (t) => {
  const { project, dataset, stores } = tree();
  await call('POST', `${dataset}:setIamPolicy`, keys.admin, { policy: { bindings: [{ role: 'roles/healthcare.fhirStoreAdmin', members: ['user:alice@x.org'] }] } });
  t.is((await call('POST', `${stores[0]}:setIamPolicy`, keys.alice, { policy: { bindings: viewerOf('user:c@x.org') } })).statusCode, 200);
  t.is((await call('GET', `${stores[1]}:getIamPolicy`, keys.alice)).statusCode, 403);
  t.is((await call('GET', `${project}:getIamPolicy`, keys.alice)).statusCode, 403);
});

test('setIamPolicy is audited as ADMIN_WRITE inside its transaction; a project one after it', async (t) => {
  const { project, dataset } = tree();
  await call('POST', `${dataset}:setIamPolicy`, keys.admin, { policy: { bindings: viewerOf('user:d@x.org') } });
  const inTrx = audited.inTransaction.find((e) => e.resource === dataset);
  t.like(inTrx, { logType: 'ADMIN_WRITE', service: 'iam', permission: 'healthcare.datasets.setIamPolicy', principal: 'user:admin@x.org' });
  t.falsy(audited.after.find((e) => e.resource === dataset && e.logType === 'ADMIN_WRITE'));
  await call('POST', `${project}:setIamPolicy`, keys.admin, { policy: { bindings: viewerOf('user:d@x.org') } });
  t.like(audited.after.find((e) => e.resource === project), { logType: 'ADMIN_WRITE', status: 200, permission: 'resourcemanager.projects.setIamPolicy' });
});
