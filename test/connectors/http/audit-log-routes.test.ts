import test from 'ava';
import pino from 'pino';
import { buildHttpServer } from '../../../connectors/http/http-server.ts';
import { auditLogRoutes } from '../../../connectors/http/routes/audit-log-routes.ts';
import type { AuditEntry } from '../../../engine/audit/audit-entry.ts';
import { auditMigrations } from '../../../engine/audit/audit-migrations.ts';
import { KnexAuditLog } from '../../../engine/audit/knex-audit-log.ts';
import type { Authenticator } from '../../../engine/iam/authenticator.ts';
import type { Authorizer } from '../../../engine/iam/authorizer.ts';
import { closeRegion } from '../../../engine/regions/open-region.ts';
import type { Region } from '../../../engine/regions/region.ts';
import { Regions } from '../../../engine/regions/regions.ts';
import { openTestRegion, uniqueId } from '../../helpers/test-region.ts';

const us = await openTestRegion(auditMigrations, 'us');
const eu = await openTestRegion(auditMigrations, 'eu');
const regions = new Regions([us, eu]);
const logger = pino({ level: 'silent' });
const audit = new KnexAuditLog({
  regions: regions.all(),
  config: { dataAccess: true, services: {}, flushIntervalMs: 5, batchSize: 100, anchorIntervalMs: 60_000, maxQueuedEntries: 100_000 },
  logger,
});

/** The caller is whoever the `x-test-principal` header names. */
const authenticator: Authenticator = {
  authenticate: async (headers) => ({ id: String(headers['x-test-principal'] ?? 'user:tester@x.org'), authenticated: true }),
};
const allowAll: Authorizer = { isAllowed: async () => true };

const app = buildHttpServer({
  http: { host: '127.0.0.1', port: 0, tls: null, requestTimeoutMs: 30_000, maxConnections: 100 },
  limits: { default: 1 << 20, fhirBundle: 1 << 20, stow: 1 << 20 },
  routes: auditLogRoutes({ regions }),
  regions,
  authenticator,
  authorizer: allowAll,
  audit,
  logger,
});
test.after.always(async () => {
  await app.close();
  await audit.close();
  await Promise.all([closeRegion(us), closeRegion(eu)]);
});

interface AuditLogJson {
  name: string;
  time: string;
  principal: string;
  resource: string;
  status: number;
  requestId: string;
  logType: string;
  [field: string]: unknown;
}

interface ListBody {
  auditLogs: AuditLogJson[];
  nextPageToken?: string;
}

async function list(path: string, query: Record<string, string> = {}) {
  const response = await app.inject({ method: 'GET', url: `/v1/${path}`, query });
  return { status: response.statusCode, body: response.json() as ListBody & { error?: { code: number; status: string; message: string } } };
}

let clock = Date.parse('2025-06-01T00:00:00.000Z');

/** Write entries (a second apart, in the given order) and return their request ids. */
async function seed(region: Region, project: string, overrides: Partial<AuditEntry>[]): Promise<string[]> {
  const ids: string[] = [];
  for (const override of overrides) {
    clock += 1000;
    const entry: AuditEntry = {
      time: new Date(clock).toISOString(),
      principal: 'user:alice@x.org',
      permission: 'healthcare.fhirResources.get',
      resource: `projects/${project}/locations/${region.name}/datasets/d1/fhirStores/s1`,
      method: 'GET fhir',
      status: 200,
      requestId: uniqueId('req'),
      peer: '10.0.0.7',
      logType: 'DATA_READ',
      service: 'fhir',
      ...override,
    };
    audit.record(region, entry);
    ids.push(entry.requestId);
  }
  await audit.flush();
  return ids;
}

/** Every page of a listing, following nextPageToken. */
async function listAll(path: string, query: Record<string, string>, between?: () => Promise<unknown>): Promise<AuditLogJson[][]> {
  const pages: AuditLogJson[][] = [];
  let token: string | undefined;
  do {
    const { status, body } = await list(path, { ...query, ...(token ? { pageToken: token } : {}) });
    if (status !== 200) throw new Error(`status ${status}: ${JSON.stringify(body)}`);
    pages.push(body.auditLogs);
    token = body.nextPageToken;
    await between?.();
  } while (token && pages.length < 50);
  return pages;
}

test('a listing is itself audited, and entries come back in Google shape', async (t) => {
  const project = uniqueId('p');
  const first = await app.inject({ method: 'GET', url: `/v1/projects/${project}/locations/us/auditLogs`, headers: { 'x-test-principal': 'user:bob@x.org' } });
  t.is(first.statusCode, 200);
  t.deepEqual(first.json(), { auditLogs: [] });
  await audit.flush();
  const { body } = await list(`projects/${project}/locations/us/auditLogs`);
  t.is(body.auditLogs.length, 1);
  const [entry] = body.auditLogs;
  t.regex(entry.name, new RegExp(`^projects/${project}/locations/us/auditLogs/\\d+$`));
  t.deepEqual({ ...entry, name: undefined, time: undefined }, {
    name: undefined,
    time: undefined,
    principal: 'user:bob@x.org',
    permission: 'plexus.auditLogs.list',
    resource: `projects/${project}/locations/us`,
    method: 'GET projects/{project}/locations/{location}/auditLogs',
    status: 200,
    requestId: first.headers['x-request-id'],
    peer: '127.0.0.1',
    logType: 'ADMIN_READ',
    service: 'audit',
  });
  t.false(Number.isNaN(Date.parse(entry.time)));
});

test('a location lists only its project, newest first', async (t) => {
  const project = uniqueId('p');
  const mine = await seed(us, project, [{}, {}, {}]);
  await seed(us, uniqueId('other'), [{}]);
  await seed(eu, project, [{}]);
  const { body } = await list(`projects/${project}/locations/us/auditLogs`, { filter: 'service = fhir' });
  t.deepEqual(body.auditLogs.map((e) => e.requestId), mine.reverse());
  t.is(body.nextPageToken, undefined);
});

test('filters over fields, with AND, OR, NOT and resource prefixes', async (t) => {
  const project = uniqueId('p');
  const dataset = `projects/${project}/locations/us/datasets/d9`;
  const [a, b, c, d] = await seed(us, project, [
    { principal: 'user:a@b.org', status: 200 },
    { principal: 'user:a@b.org', status: 404, resource: `${dataset}/dicomStores/x`, logType: 'DATA_WRITE' },
    { principal: 'user:c@b.org', status: 500, resource: dataset, permission: 'healthcare.datasets.get' },
    { principal: 'serviceAccount:feed@acme', status: 403, resource: `${dataset}0`, service: 'dicom' },
  ]);
  const { body: seeded } = await list(`projects/${project}/locations/us/auditLogs`, { filter: `requestId = "${c}"` });
  const fromTime = seeded.auditLogs[0].time;
  const cases: [string, string[]][] = [
    ['principal = "user:a@b.org"', [b, a]],
    ['status >= 400 AND service = fhir', [c, b]],
    [`resource:"${dataset}"`, [c, b]],
    [`resource:"projects/${project}/locations/us/datasets/d9/"`, [b]],
    ['principal:"user:" status != 200', [c, b]],
    ['logType = DATA_WRITE OR permission = "healthcare.datasets.get"', [c, b]],
    ['NOT (status < 400 OR status = 403)', [c, b]],
    [`time >= "${fromTime}" AND status >= 400`, [d, c]],
    [`time > "${fromTime}" logType != ADMIN_READ`, [d]],
    ['service = dicom', [d]],
  ];
  for (const [filter, expected] of cases) {
    const { status, body } = await list(`projects/${project}/locations/us/auditLogs`, { filter });
    t.is(status, 200, filter);
    t.deepEqual(body.auditLogs.map((e) => e.requestId), expected, filter);
  }
});

test('a bad filter is a 400 that points at the position', async (t) => {
  const path = `projects/${uniqueId('p')}/locations/us/auditLogs`;
  const cases: [string, RegExp][] = [
    ['status >= 4x0', /position 11: status takes an integer/],
    ['principal = "a" AND', /position 20: expected a field name, found the end/],
    ['nobody = 1', /position 1: unknown field 'nobody'/],
    ['(status = 1', /position 12: expected '\)' to close the '\(' at position 1/],
    ['principal < "x"', /position 11: '<' applies to time and status/],
    ['time >= "yesterday"', /position 9: time takes an RFC 3339 timestamp/],
    ['principal = "open', /position 13: unterminated string/],
    ['logType = DATA_READS', /position 11: logType is one of/],
  ];
  for (const [filter, message] of cases) {
    const { status, body } = await list(path, { filter });
    t.is(status, 400, filter);
    t.is(body.error?.status, 'INVALID_ARGUMENT');
    t.regex(body.error!.message, message, filter);
  }
});

test('pages stay stable while entries are written', async (t) => {
  const project = uniqueId('p');
  const seeded = (await seed(us, project, [{}, {}, {}, {}, {}, {}, {}])).reverse();
  const path = `projects/${project}/locations/us/auditLogs`;
  // Newer entries between pages must not shift what the next pages hold.
  const pages = await listAll(path, { filter: 'service = fhir', pageSize: '3' }, () => seed(us, project, [{}]));
  t.deepEqual(pages.map((p) => p.length), [3, 3, 1]);
  t.deepEqual(pages.flat().map((e) => e.requestId), seeded);
});

test('page tokens are checked, page sizes bounded', async (t) => {
  const project = uniqueId('p');
  await seed(us, project, [{}, {}, {}]);
  const path = `projects/${project}/locations/us/auditLogs`;
  const first = await list(path, { filter: 'service = fhir', pageSize: '2' });
  const token = first.body.nextPageToken!;
  t.truthy(token);
  const otherFilter = await list(path, { filter: 'service = dicom', pageToken: token });
  t.is(otherFilter.status, 400);
  t.regex(otherFilter.body.error!.message, /another filter/);
  const otherLocation = await list(`projects/${project}/locations/eu/auditLogs`, { filter: 'service = fhir', pageToken: token });
  t.is(otherLocation.status, 400);
  t.is((await list(path, { pageToken: 'garbage' })).status, 400);
  t.is((await list(path, { pageSize: '-1' })).status, 400);
  t.is((await list(path, { pageSize: '5000' })).status, 200);
  t.is((await list(path, { colour: 'blue' })).status, 400);
});

test('the project-wide listing merges every location by time', async (t) => {
  const project = uniqueId('p');
  const expected: { id: string; location: string }[] = [];
  for (const region of [us, eu, eu, us, eu, us, us]) {
    const [id] = await seed(region, project, [{}]);
    expected.unshift({ id, location: region.name });
  }
  await seed(us, uniqueId('other'), [{}]);
  const all = await list(`projects/${project}/auditLogs`, { filter: 'service = fhir' });
  t.deepEqual(all.body.auditLogs.map((e) => e.requestId), expected.map((e) => e.id));
  t.true(all.body.auditLogs.every((e, i) => e.name.startsWith(`projects/${project}/locations/${expected[i].location}/auditLogs/`)));
  const pages = await listAll(`projects/${project}/auditLogs`, { filter: 'service = fhir', pageSize: '2' }, () => seed(eu, project, [{}]));
  t.deepEqual(pages.map((p) => p.length), [2, 2, 2, 1]);
  t.deepEqual(pages.flat().map((e) => e.requestId), expected.map((e) => e.id));
});
