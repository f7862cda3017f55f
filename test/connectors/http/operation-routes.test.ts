import test from 'ava';
import type { FastifyInstance } from 'fastify';
import type { AuditEntry } from '../../../engine/audit/audit-entry.ts';
import type { AuditLog } from '../../../engine/audit/audit-log.ts';
import type { Authenticator } from '../../../engine/iam/authenticator.ts';
import type { Authorizer } from '../../../engine/iam/authorizer.ts';
import { createLogger } from '../../../engine/logger.ts';
import { KnexOperationStore } from '../../../engine/operations/knex-operation-store.ts';
import { operationMigrations } from '../../../engine/operations/operation-migrations.ts';
import { closeRegion } from '../../../engine/regions/open-region.ts';
import type { Region } from '../../../engine/regions/region.ts';
import { Regions } from '../../../engine/regions/regions.ts';
import { buildHttpServer } from '../../../connectors/http/http-server.ts';
import { operationRoutes } from '../../../connectors/http/routes/operation-routes.ts';
import { openTestRegion, uniqueId } from '../../helpers/test-region.ts';

const IMPORT = 'google.cloud.healthcare.v1.fhir.FhirStoreService.ImportResources';
const EXPORT = 'google.cloud.healthcare.v1.fhir.FhirStoreService.ExportResources';

const allowAll: Authorizer = { isAllowed: async () => true };
const alice: Authenticator = { authenticate: async () => ({ id: 'user:alice@example.org', authenticated: true }) };

/** Keeps what would be audited, and whether it was written inside the request's transaction. */
class RecordingAuditLog implements AuditLog {
  readonly entries: Array<AuditEntry & { inTransaction: boolean }> = [];
  isEnabled(): boolean {
    return true;
  }
  record(_region: Region, entry: AuditEntry): void {
    this.entries.push({ ...entry, inTransaction: false });
  }
  async recordIn(_tx: unknown, entry: AuditEntry): Promise<void> {
    this.entries.push({ ...entry, inTransaction: true });
  }
  /** What isBacklogged answers: true plays a region whose audit queue is full. */
  backlogged = false;
  isBacklogged(): boolean {
    return this.backlogged;
  }
  async flush(): Promise<void> {}
  async close(): Promise<void> {}
}

let region: Region;
let app: FastifyInstance;
const store = new KnexOperationStore();
const audit = new RecordingAuditLog();
/** `project/dataset` of the datasets that exist. */
const datasets = new Set<string>();

test.before(async () => {
  region = await openTestRegion(operationMigrations, 'us-central1');
  const regions = new Regions([region]);
  app = buildHttpServer({
    http: { host: '127.0.0.1', port: 0, tls: null, requestTimeoutMs: 10_000, maxConnections: 100 },
    limits: { default: 1 << 20, fhirBundle: 1 << 20, stow: 1 << 20 },
    routes: operationRoutes({ store, regions, datasetExists: async (_r, project, dataset) => datasets.has(`${project}/${dataset}`) }),
    regions,
    authenticator: alice,
    authorizer: allowAll,
    audit,
    logger: createLogger('silent'),
  });
  await app.ready();
});

test.after.always(async () => {
  await app.close();
  await closeRegion(region);
});

function newDataset(): { project: string; base: string } {
  const project = uniqueId('p');
  datasets.add(`${project}/ds`);
  return { project, base: `/v1/projects/${project}/locations/us-central1/datasets/ds/operations` };
}

test('GET an operation answers Google\'s Operation JSON', async (t) => {
  const { project, base } = newDataset();
  const op = await store.create(region, { project, dataset: 'ds', apiMethodName: IMPORT, kind: 'k', request: { hidden: true } });
  const response = await app.inject({ method: 'GET', url: `${base}/${op.id}` });
  t.is(response.statusCode, 200);
  t.deepEqual(response.json(), {
    name: `projects/${project}/locations/us-central1/datasets/ds/operations/${op.id}`,
    metadata: {
      '@type': 'type.googleapis.com/google.cloud.healthcare.v1.OperationMetadata',
      apiMethodName: IMPORT,
      createTime: op.createTime.toISOString(),
    },
  });
  const entry = audit.entries.find((e) => e.requestId === response.headers['x-request-id']);
  t.like(entry, { permission: 'healthcare.operations.get', logType: 'ADMIN_READ', service: 'operations', status: 200 });
  t.is(entry?.resource, `projects/${project}/locations/us-central1/datasets/ds/operations/${op.id}`);
});

test('an unknown operation or dataset is 404 in Google\'s error form', async (t) => {
  const { base } = newDataset();
  const missing = await app.inject({ method: 'GET', url: `${base}/123456789` });
  t.is(missing.statusCode, 404);
  t.like(missing.json(), { error: { code: 404, status: 'NOT_FOUND' } });
  const noDataset = await app.inject({ method: 'GET', url: `/v1/projects/${uniqueId('p')}/locations/us-central1/datasets/nope/operations` });
  t.is(noDataset.statusCode, 404);
  t.like(noDataset.json(), { error: { code: 404, status: 'NOT_FOUND' } });
  t.regex(noDataset.json().error.message, /datasets\/nope not found/);
});

test('list filters with filter=, pages with pageSize and pageToken, and omits what is empty', async (t) => {
  const { project, base } = newDataset();
  const pending = await store.create(region, { project, dataset: 'ds', apiMethodName: IMPORT, kind: 'k' });
  const exported = await store.create(region, { project, dataset: 'ds', apiMethodName: EXPORT, kind: 'k' });
  const done = await store.createDone(region, { project, dataset: 'ds', apiMethodName: IMPORT, outcome: { response: { '@type': 't' } } });
  const list = async (query: Record<string, string>) => {
    const response = await app.inject({ method: 'GET', url: base, query });
    t.is(response.statusCode, 200, response.body);
    return response.json() as { operations?: Array<{ name: string; done?: boolean }>; nextPageToken?: string };
  };
  const ids = (body: { operations?: Array<{ name: string }> }) => (body.operations ?? []).map((o) => o.name.split('/').pop()).sort();
  t.deepEqual(ids(await list({ filter: 'done=true' })), [done.id]);
  t.deepEqual(ids(await list({ filter: `metadata.apiMethodName="${IMPORT}"` })), [pending.id, done.id].sort());
  t.deepEqual(await list({ filter: `metadata.apiMethodName="${EXPORT}" AND done=true` }), {});
  const first = await list({ pageSize: '2' });
  t.is(first.operations?.length, 2);
  t.truthy(first.nextPageToken);
  const second = await list({ pageSize: '2', pageToken: first.nextPageToken! });
  t.is(second.nextPageToken, undefined);
  t.deepEqual([...ids(first), ...ids(second)].sort(), [pending.id, exported.id, done.id].sort());
  const entry = audit.entries.find((e) => e.permission === 'healthcare.operations.list');
  t.like(entry, { logType: 'ADMIN_READ', service: 'operations' });
});

test('list refuses a bad filter, page size, page token or unknown parameter with 400', async (t) => {
  const { base } = newDataset();
  const queries: Array<Record<string, string>> = [{ filter: 'name=x' }, { pageSize: 'ten' }, { pageToken: 'xyz' }, { orderBy: 'name' }];
  for (const query of queries) {
    const response = await app.inject({ method: 'GET', url: base, query });
    t.is(response.statusCode, 400, JSON.stringify(query));
    t.is(response.json().error.status, 'INVALID_ARGUMENT');
  }
});

test('cancel of a pending operation answers {} and ends it CANCELLED, audited inside the transaction', async (t) => {
  const { project, base } = newDataset();
  const op = await store.create(region, { project, dataset: 'ds', apiMethodName: IMPORT, kind: 'k' });
  const response = await app.inject({ method: 'POST', url: `${base}/${op.id}:cancel`, payload: {} });
  t.is(response.statusCode, 200);
  t.deepEqual(response.json(), {});
  const after = (await app.inject({ method: 'GET', url: `${base}/${op.id}` })).json();
  t.true(after.done);
  t.deepEqual(after.error, { code: 1, message: 'operation was cancelled' });
  t.true(after.metadata.cancelRequested);
  t.truthy(after.metadata.endTime);
  const entry = audit.entries.find((e) => e.requestId === response.headers['x-request-id']);
  t.like(entry, { permission: 'healthcare.operations.cancel', logType: 'ADMIN_WRITE', service: 'operations', inTransaction: true });
});

test('cancel of a done operation succeeds and changes nothing; of an unknown one is 404', async (t) => {
  const { project, base } = newDataset();
  const done = await store.createDone(region, { project, dataset: 'ds', apiMethodName: IMPORT, outcome: { response: { '@type': 't', n: 1 } } });
  const before = (await app.inject({ method: 'GET', url: `${base}/${done.id}` })).json();
  const response = await app.inject({ method: 'POST', url: `${base}/${done.id}:cancel` });
  t.is(response.statusCode, 200);
  t.deepEqual((await app.inject({ method: 'GET', url: `${base}/${done.id}` })).json(), before);
  t.deepEqual(before.response, { '@type': 't', n: 1 });
  const missing = await app.inject({ method: 'POST', url: `${base}/42:cancel` });
  t.is(missing.statusCode, 404);
  const entry = audit.entries.find((e) => e.requestId === missing.headers['x-request-id']);
  t.like(entry, { permission: 'healthcare.operations.cancel', status: 404, inTransaction: false });
});

test.serial('while the audit queue is full, audited requests are refused with 503 (and the refusal is still recorded)', async (t) => {
  const { base } = newDataset();
  audit.backlogged = true;
  try {
    const res = await app.inject({ method: 'GET', url: base });
    t.is(res.statusCode, 503);
    t.regex(res.json().error.message, /audit log of location us-central1 cannot be written/);
    t.is(audit.entries.at(-1)?.status, 503);
  } finally {
    audit.backlogged = false;
  }
  t.is((await app.inject({ method: 'GET', url: base })).statusCode, 200);
});
