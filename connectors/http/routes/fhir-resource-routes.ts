import { createHash } from 'node:crypto';
import { ApiError, invalidArgument, notFound } from '../../../engine/errors/api-error.ts';
import { sqlTxOfKnex, type SqlTx } from '../../../engine/regions/sql-tx.ts';
import type { StoreRecord } from '../../../stores/datasets/store-repository.ts';
import { FhirResourceStore } from '../../../stores/fhir/fhir-resource-store.ts';
import type { StoredFhirResource } from '../../../stores/fhir/fhir-resource.ts';
import { r4SearchParameters } from '../../../stores/fhir/search/fhir-search-parameters.ts';
import { ConditionalInteractions } from '../../../stores/fhir/conditional-interactions.ts';
import { parseCriteria } from '../../../stores/fhir/find-conditional-matches.ts';
import type { ApiRequest, ApiResponse, ApiRoute } from '../api-route.ts';
import { patchOf } from '../fhir-patch-body.ts';
import { assertFhirId, assertResourceType, parseFhirResource, parseIfMatch, requireFhirStore, resourceResponse, writeResponse } from '../fhir-request.ts';

export const FHIR = 'projects/{project}/locations/{location}/datasets/{dataset}/fhirStores/{fhirStore}/fhir';
export const fhirRoute = { service: 'fhir', errorFormat: 'fhir' } as const;

function resourceStore(request: ApiRequest): FhirResourceStore {
  return new FhirResourceStore(request.region!, r4SearchParameters());
}

/**
 * A conditional write in a transaction of its own, serialized per store and resource type
 * (advisory locks on PostgreSQL, taken in one order; SQLite has one writer), so that 50
 * identical conditional creates at once make exactly one resource.
 */
export function conditionally<T>(request: ApiRequest, store: StoreRecord, types: string | string[], work: (tx: SqlTx) => Promise<T>): Promise<T> {
  const region = request.region!;
  return request.transact(async (trx) => {
    const tx = await sqlTxOfKnex(trx, region);
    if (region.dialect.name === 'postgres') {
      const keys = [...new Set(typeof types === 'string' ? [types] : types)].map((type) => createHash('sha256').update(type).digest().readInt32BE(0)).sort((a, b) => a - b);
      for (const key of keys) await tx.run(region.db.raw('SELECT pg_advisory_xact_lock(?, ?)', [store.pk, key]));
    }
    return work(tx);
  });
}

function conditionalInteractions(request: ApiRequest): ConditionalInteractions {
  return new ConditionalInteractions(resourceStore(request));
}

async function create(request: ApiRequest): Promise<ApiResponse> {
  const store = await requireFhirStore(request);
  const type = request.params.type;
  assertResourceType(type);
  const resource = parseFhirResource(request, type);
  delete resource.id;
  const ifNoneExist = request.headers['if-none-exist'];
  if (ifNoneExist === undefined) {
    const stored = await request.commit((tx) => resourceStore(request).create(tx, store, resource));
    return writeResponse(request, store, stored, 201, `created ${type}/${stored.id}`);
  }
  const outcome = await conditionally(request, store, type, (tx) => conditionalInteractions(request).create(tx, store, resource, parseCriteria(String(ifNoneExist))));
  return outcome.created
    ? writeResponse(request, store, outcome.stored, 201, `created ${type}/${outcome.stored.id}`)
    : writeResponse(request, store, outcome.stored, 200, `${type}/${outcome.stored.id} already matches If-None-Exist`);
}

async function read(request: ApiRequest): Promise<ApiResponse> {
  const store = await requireFhirStore(request);
  const { type, id } = request.params;
  assertResourceType(type);
  const stored = await resourceStore(request).read(store, type, id);
  if (!stored) throw notFound(`${type}/${id} not found`);
  if (stored.deleted) throw new ApiError('GONE', `${type}/${id} was deleted (version ${stored.versionId})`);
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch !== undefined && String(ifNoneMatch).replace(/^W\//, '') === `"${stored.versionId}"`) return { status: 304, headers: { etag: `W/"${stored.versionId}"` } };
  return resourceResponse(request, store, stored);
}

async function vread(request: ApiRequest): Promise<ApiResponse> {
  const store = await requireFhirStore(request);
  const { type, id, version } = request.params;
  assertResourceType(type);
  if (!/^\d{1,9}$/.test(version)) throw notFound(`${type}/${id} has no version ${version.slice(0, 32)}`);
  const stored = await resourceStore(request).vread(store, type, id, Number(version));
  if (!stored) throw notFound(`${type}/${id} has no version ${version}`);
  if (stored.deleted) throw new ApiError('GONE', `version ${version} of ${type}/${id} is its deletion`);
  return resourceResponse(request, store, stored);
}

async function update(request: ApiRequest): Promise<ApiResponse> {
  const store = await requireFhirStore(request);
  const { type, id } = request.params;
  assertResourceType(type);
  assertFhirId(id);
  const resource = parseFhirResource(request, type);
  if (resource.id === undefined) throw invalidArgument(`the ${type} in the body has no id; an update needs id '${id}' in it`);
  if (resource.id !== id) throw invalidArgument(`the body's id '${resource.id}' is not the URL's '${id}'`);
  const ifMatch = parseIfMatch(request);
  const { stored, created } = await request.commit((tx) => resourceStore(request).update(tx, store, resource, { method: 'PUT', ifMatch }));
  return writeResponse(request, store, stored, created ? 201 : 200, `${created ? 'created' : 'updated'} ${type}/${id}`);
}

async function conditionalUpdate(request: ApiRequest): Promise<ApiResponse> {
  const store = await requireFhirStore(request);
  const type = request.params.type;
  assertResourceType(type);
  const resource = parseFhirResource(request, type);
  const { stored, created } = await conditionally(request, store, type, (tx) =>
    conditionalInteractions(request).update(tx, store, resource, request.query, { method: 'PUT', ifMatch: parseIfMatch(request) }));
  return writeResponse(request, store, stored, created ? 201 : 200, `${created ? 'created' : 'updated'} ${type}/${stored.id}`);
}

async function patch(request: ApiRequest): Promise<ApiResponse> {
  const store = await requireFhirStore(request);
  const { type, id } = request.params;
  assertResourceType(type);
  const apply = patchOf(String(request.headers['content-type'] ?? ''), request.body as Buffer | undefined);
  const stored = await request.commit((tx) => resourceStore(request).patch(tx, store, type, id, apply, { method: 'PATCH', ifMatch: parseIfMatch(request) }));
  return writeResponse(request, store, stored, 200, `patched ${type}/${id}`);
}

async function conditionalPatch(request: ApiRequest): Promise<ApiResponse> {
  const store = await requireFhirStore(request);
  const type = request.params.type;
  assertResourceType(type);
  const apply = patchOf(String(request.headers['content-type'] ?? ''), request.body as Buffer | undefined);
  const stored = await conditionally(request, store, type, (tx) => conditionalInteractions(request).patch(tx, store, type, request.query, apply, { method: 'PATCH', ifMatch: parseIfMatch(request) }));
  return writeResponse(request, store, stored, 200, `patched ${type}/${stored.id}`);
}

/** `$purge`, as Google's Resource-purge: the history goes, the current version stays. */
async function purge(request: ApiRequest): Promise<ApiResponse> {
  const store = await requireFhirStore(request);
  const { type, id } = request.params;
  assertResourceType(type);
  const found = await request.commit((tx) => resourceStore(request).purge(tx, store, type, id));
  if (!found) throw notFound(`${type}/${id} not found`);
  return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: {} };
}

async function remove(request: ApiRequest): Promise<ApiResponse> {
  const store = await requireFhirStore(request);
  const { type, id } = request.params;
  assertResourceType(type);
  const deleted = await request.commit((tx) => resourceStore(request).delete(tx, store, type, id));
  return deleteResponse(deleted, `${type}/${id}`);
}

async function conditionalDelete(request: ApiRequest): Promise<ApiResponse> {
  const store = await requireFhirStore(request);
  const type = request.params.type;
  assertResourceType(type);
  const deleted = await conditionally(request, store, type, (tx) => conditionalInteractions(request).delete(tx, store, type, request.query));
  return deleteResponse(deleted, deleted ? `${type}/${deleted.id}` : `no ${type} matched`);
}

function deleteResponse(deleted: StoredFhirResource | null, what: string): ApiResponse {
  return { status: 200, headers: deleted ? { etag: `W/"${deleted.versionId}"`, 'content-type': 'application/fhir+json; charset=utf-8' } : { 'content-type': 'application/fhir+json; charset=utf-8' }, body: { resourceType: 'OperationOutcome', issue: [{ severity: 'information', code: 'informational', diagnostics: deleted ? `deleted ${what}` : `nothing to delete: ${what}` }] } };
}

const rawBody = { kind: 'raw' } as const;

export function fhirResourceRoutes(): ApiRoute[] {
  return [
    { ...fhirRoute, method: 'POST', pattern: `${FHIR}/{type}`, permission: 'healthcare.fhirResources.create', logType: 'DATA_WRITE', body: rawBody, handler: create },
    { ...fhirRoute, method: 'GET', pattern: `${FHIR}/{type}/{id}`, permission: 'healthcare.fhirResources.get', logType: 'DATA_READ', handler: read },
    { ...fhirRoute, method: 'GET', pattern: `${FHIR}/{type}/{id}/_history/{version}`, permission: 'healthcare.fhirResources.get', logType: 'DATA_READ', handler: vread },
    { ...fhirRoute, method: 'PUT', pattern: `${FHIR}/{type}/{id}`, permission: 'healthcare.fhirResources.update', logType: 'DATA_WRITE', body: rawBody, handler: update },
    { ...fhirRoute, method: 'PUT', pattern: `${FHIR}/{type}`, permission: 'healthcare.fhirResources.update', logType: 'DATA_WRITE', body: rawBody, handler: conditionalUpdate },
    { ...fhirRoute, method: 'PATCH', pattern: `${FHIR}/{type}/{id}`, permission: 'healthcare.fhirResources.patch', logType: 'DATA_WRITE', body: rawBody, handler: patch },
    { ...fhirRoute, method: 'PATCH', pattern: `${FHIR}/{type}`, permission: 'healthcare.fhirResources.patch', logType: 'DATA_WRITE', body: rawBody, handler: conditionalPatch },
    { ...fhirRoute, method: 'DELETE', pattern: `${FHIR}/{type}/{id}`, permission: 'healthcare.fhirResources.delete', logType: 'DATA_WRITE', handler: remove },
    { ...fhirRoute, method: 'DELETE', pattern: `${FHIR}/{type}/{id}/$purge`, permission: 'healthcare.fhirResources.purge', logType: 'DATA_WRITE', handler: purge },
    { ...fhirRoute, method: 'DELETE', pattern: `${FHIR}/{type}`, permission: 'healthcare.fhirResources.delete', logType: 'DATA_WRITE', handler: conditionalDelete },
  ];
}
