import { invalidArgument, notFound } from '../../../engine/errors/api-error.ts';
import { FhirResourceStore } from '../../../stores/fhir/fhir-resource-store.ts';
import { readPatientEverything } from '../../../stores/fhir/patient-everything.ts';
import { newestResourceKey } from '../../../stores/fhir/search/search-fhir-resources.ts';
import { readFhirHistory } from '../../../stores/fhir/read-fhir-history.ts';
import { toDateRange } from '../../../stores/fhir/search/fhir-date-range.ts';
import { r4SearchParameters } from '../../../stores/fhir/search/fhir-search-parameters.ts';
import { DEFAULT_COUNT, MAX_COUNT, parseFhirSearch } from '../../../stores/fhir/search/parse-fhir-search.ts';
import { searchFhirResources } from '../../../stores/fhir/search/search-fhir-resources.ts';
import type { ApiRequest, ApiResponse, ApiRoute } from '../api-route.ts';
import { bundleJson, historyBundle, searchsetBundle } from '../fhir-bundles.ts';
import { assertResourceType, fhirBase, requireFhirStore } from '../fhir-request.ts';
import { FHIR_JSON } from '../operation-outcome.ts';
import { singleQuery } from '../single-query.ts';
import { FHIR, fhirRoute } from './fhir-resource-routes.ts';

type Query = ApiRequest['query'];

/** `POST _search` takes its parameters as a form body, merged with the query string's. */
function formParameters(request: ApiRequest): Query {
  const merged: Query = { ...request.query };
  const body = request.body as Buffer | undefined;
  if (!body || body.length === 0) return merged;
  if (!/application\/x-www-form-urlencoded/i.test(String(request.headers['content-type'] ?? ''))) {
    throw invalidArgument('POST _search takes its parameters as application/x-www-form-urlencoded');
  }
  for (const [name, value] of new URLSearchParams(body.toString('utf8'))) {
    const existing = merged[name];
    merged[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return merged;
}

async function search(request: ApiRequest, query: Query, type: string | null): Promise<ApiResponse> {
  const store = await requireFhirStore(request);
  if (type) assertResourceType(type);
  const parameters = r4SearchParameters();
  const parsed = parseFhirSearch(type, query, parameters);
  for (const t of parsed.types) assertResourceType(t);
  const result = await searchFhirResources(request.region!, store, parsed, parameters);
  return { headers: { 'content-type': FHIR_JSON }, body: searchsetBundle({ ...request, query }, store, type ?? '', parsed, result) };
}

/** `_count` of a history or `$everything` page: 1 to MAX_COUNT, DEFAULT_COUNT when absent. */
function parseCount(request: ApiRequest): number {
  const count = Math.min(Number(singleQuery(request.query, '_count') ?? DEFAULT_COUNT), MAX_COUNT);
  if (!Number.isInteger(count) || count < 1) throw invalidArgument('_count must be a whole number, 1 or more');
  return count;
}

/** The self, next and previous links of a page at `offset`, each the request's query with its own `_page_token`. */
function pageLinks(request: ApiRequest, path: string, offset: number, count: number, more: boolean, token: (offset: number) => string | null) {
  const url = (at: number) => {
    const q = new URLSearchParams(Object.entries(request.query).flatMap(([k, v]) => (k === '_page_token' || v === undefined ? [] : (Array.isArray(v) ? v : [v]).map((x) => [k, x]))));
    const value = token(at);
    if (value !== null) q.set('_page_token', value);
    return q.toString() ? `${path}?${q}` : path;
  };
  const links = [{ relation: 'self', url: url(offset) }];
  if (more) links.push({ relation: 'next', url: url(offset + count) });
  if (offset > 0) links.push({ relation: 'previous', url: url(Math.max(0, offset - count)) });
  return links;
}

async function history(request: ApiRequest, resourceType?: string, id?: string): Promise<ApiResponse> {
  const store = await requireFhirStore(request);
  if (resourceType) assertResourceType(resourceType);
  const count = parseCount(request);
  const offset = Number(singleQuery(request.query, '_page_token') ?? 0);
  if (!Number.isInteger(offset) || offset < 0) throw invalidArgument('_page_token is not one this server gave out');
  const sinceText = singleQuery(request.query, '_since');
  const atText = singleQuery(request.query, '_at');
  const since = sinceText === undefined ? undefined : toDateRange(sinceText)?.low;
  const at = atText === undefined ? undefined : toDateRange(atText) ?? undefined;
  if ((sinceText !== undefined && since === undefined) || (atText !== undefined && at === undefined)) throw invalidArgument('_since and _at take a FHIR instant, such as 2024-01-31T10:00:00Z');
  const { versions, more } = await readFhirHistory(request.region!, store, { resourceType, id, since, at, count, offset });
  if (id && versions.length === 0 && offset === 0) throw invalidArgument(`${resourceType}/${id} has no history`);
  const path = `${fhirBase(request, store)}/${[resourceType, id, '_history'].filter(Boolean).join('/')}`;
  const links = pageLinks(request, path, offset, count, more, (at) => (at > 0 ? String(at) : null));
  return { headers: { 'content-type': FHIR_JSON }, body: historyBundle(request, store, versions, links, more || offset > 0 ? null : versions.length) };
}

const searchPermission = 'healthcare.fhirStores.searchResources' as const;

export function fhirSearchRoutes(): ApiRoute[] {
  return [
    { ...fhirRoute, method: 'GET', pattern: `${FHIR}/{type}`, permission: searchPermission, logType: 'DATA_READ', handler: (r) => search(r, r.query, r.params.type) },
    { ...fhirRoute, method: 'POST', pattern: `${FHIR}/{type}/_search`, permission: searchPermission, logType: 'DATA_READ', body: { kind: 'raw' }, handler: (r) => search(r, formParameters(r), r.params.type) },
    { ...fhirRoute, method: 'GET', pattern: FHIR, permission: searchPermission, logType: 'DATA_READ', handler: (r) => search(r, r.query, null) },
    { ...fhirRoute, method: 'POST', pattern: `${FHIR}/_search`, permission: searchPermission, logType: 'DATA_READ', body: { kind: 'raw' }, handler: (r) => search(r, formParameters(r), null) },
    { ...fhirRoute, method: 'GET', pattern: `${FHIR}/{type}/{id}/_history`, permission: 'healthcare.fhirResources.get', logType: 'DATA_READ', handler: (r) => history(r, r.params.type, r.params.id) },
    { ...fhirRoute, method: 'GET', pattern: `${FHIR}/{type}/_history`, permission: searchPermission, logType: 'DATA_READ', handler: (r) => history(r, r.params.type) },
    { ...fhirRoute, method: 'GET', pattern: `${FHIR}/_history`, permission: searchPermission, logType: 'DATA_READ', handler: (r) => history(r) },
  ];
}


/** `Patient/{id}/$everything` with `_since`, `_type`, `_count` and stable pages. */
async function patientEverything(request: ApiRequest): Promise<ApiResponse> {
  const store = await requireFhirStore(request);
  const patientId = request.params.id;
  const patient = await new FhirResourceStore(request.region!, r4SearchParameters()).read(store, 'Patient', patientId);
  if (!patient || patient.deleted) throw notFound(`Patient/${patientId} not found`);
  const count = parseCount(request);
  const token = singleQuery(request.query, '_page_token');
  const page = token === undefined ? null : /^(\d{1,9})\.(\d{1,15})$/.exec(token);
  if (token !== undefined && !page) throw invalidArgument('_page_token is not one this server gave out');
  const sinceText = singleQuery(request.query, '_since');
  const since = sinceText === undefined ? undefined : toDateRange(sinceText)?.low;
  if (sinceText !== undefined && since === undefined) throw invalidArgument('_since takes a FHIR instant, such as 2024-01-31T10:00:00Z');
  const types = (singleQuery(request.query, '_type') ?? '').split(',').filter(Boolean);
  for (const type of types) assertResourceType(type);
  const offset = page ? Number(page[1]) : 0;
  const snapshot = page ? Number(page[2]) : await newestResourceKey(request.region!);
  const { resources, more } = await readPatientEverything(request.region!, store, { patientId, since, types, count, offset, snapshot });
  const base = fhirBase(request, store);
  const links = pageLinks(request, `${base}/Patient/${patientId}/$everything`, offset, count, more, (at) => `${at}.${snapshot}`);
  const bundle = bundleJson({ resourceType: 'Bundle', type: 'searchset', ...(!more && offset === 0 ? { total: resources.length } : {}), link: links },
    resources.map((stored) => ({ fullUrl: `${base}/${stored.resourceType}/${stored.id}`, resource: stored.json, rest: { search: { mode: 'match' } } })));
  return { headers: { 'content-type': FHIR_JSON }, body: bundle };
}

export function fhirPatientEverythingRoute(): ApiRoute {
  return { ...fhirRoute, method: 'GET', pattern: `${FHIR}/Patient/{id}/$everything`, permission: 'healthcare.fhirResources.patientEverything', logType: 'DATA_READ', handler: patientEverything };
}
