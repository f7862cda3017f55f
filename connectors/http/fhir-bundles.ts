import type { StoreRecord } from '../../stores/datasets/store-repository.ts';
import { type FhirResource, resourceOf, type StoredFhirResource } from '../../stores/fhir/fhir-resource.ts';
import type { FhirSearchRequest } from '../../stores/fhir/search/fhir-search-request.ts';
import type { FhirSearchResult } from '../../stores/fhir/search/search-fhir-resources.ts';
import type { ApiRequest } from './api-route.ts';
import { fhirBase } from './fhir-request.ts';
import { summarize } from './fhir-summary.ts';

/** A `searchset` Bundle: the page's matches, the total when known, and paging links. */
export function searchsetBundle(request: ApiRequest, store: StoreRecord, path: string, search: FhirSearchRequest, result: FhirSearchResult): FhirResource {
  const base = fhirBase(request, store);
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(request.query)) {
    if (name === '_page_token') continue;
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) query.append(name, v);
  }
  const link = (relation: string, token: string | null) => {
    const q = new URLSearchParams(query);
    if (token !== null) q.set('_page_token', token);
    const text = q.toString();
    return { relation, url: `${base}/${path}${text ? `?${text}` : ''}` };
  };
  const links = [link('self', search.offset > 0 || search.snapshot !== null ? `${search.offset}.${search.snapshot}` : null)];
  if (result.next) links.push(link('next', result.next));
  if (result.previous) links.push(link('previous', result.previous));
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    ...(result.total !== null ? { total: result.total } : {}),
    link: links,
    entry: [
      ...result.matches.map((stored) => ({ fullUrl: `${base}/${stored.resourceType}/${stored.id}`, resource: summarize(resourceOf(stored)!, search), search: { mode: 'match' } })),
      ...result.included.map((stored) => ({ fullUrl: `${base}/${stored.resourceType}/${stored.id}`, resource: resourceOf(stored)!, search: { mode: 'include' } })),
    ],
  };
}

/** A `history` Bundle: versions newest first, deletes without a resource. */
export function historyBundle(request: ApiRequest, store: StoreRecord, versions: StoredFhirResource[], links: Array<{ relation: string; url: string }>, total: number | null): FhirResource {
  const base = fhirBase(request, store);
  return {
    resourceType: 'Bundle',
    type: 'history',
    ...(total !== null ? { total } : {}),
    link: links,
    entry: versions.map((stored) => ({
      fullUrl: `${base}/${stored.resourceType}/${stored.id}`,
      ...(stored.deleted ? {} : { resource: resourceOf(stored)! }),
      request: { method: stored.method, url: stored.method === 'POST' ? stored.resourceType : `${stored.resourceType}/${stored.id}` },
      response: {
        status: stored.deleted ? '204' : stored.versionId === 1 ? '201' : '200',
        etag: `W/"${stored.versionId}"`,
        lastModified: stored.lastUpdated,
      },
    })),
  };
}
