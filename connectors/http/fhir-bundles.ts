import type { StoreRecord } from '../../stores/datasets/store-repository.ts';
import { resourceOf, type StoredFhirResource } from '../../stores/fhir/fhir-resource.ts';
import type { FhirSearchRequest } from '../../stores/fhir/search/fhir-search-request.ts';
import type { FhirSearchResult } from '../../stores/fhir/search/search-fhir-resources.ts';
import type { ApiRequest } from './api-route.ts';
import { fhirBase } from './fhir-request.ts';
import { summarize } from './fhir-summary.ts';

/** One Bundle entry: its resource as stored JSON text (null for none) and its other elements. */
interface EntryText {
  fullUrl: string;
  resource: string | null;
  rest: Record<string, unknown>;
}

/**
 * A Bundle's JSON text with each entry's resource spliced in as stored, rather than parsed
 * and serialized again: a page of Observations costs a string join, not a JSON round trip each.
 */
export function bundleJson(head: Record<string, unknown>, entries: EntryText[]): string {
  const parts = entries.map(({ fullUrl, resource, rest }) => {
    const others = JSON.stringify(rest);
    return `{"fullUrl":${JSON.stringify(fullUrl)}${resource === null ? '' : `,"resource":${resource}`}${others === '{}' ? '' : `,${others.slice(1, -1)}`}}`;
  });
  return `${JSON.stringify(head).slice(0, -1)},"entry":[${parts.join(',')}]}`;
}

/** A `searchset` Bundle's JSON text: the page's matches, the total when known, and paging links. */
export function searchsetBundle(request: ApiRequest, store: StoreRecord, path: string, search: FhirSearchRequest, result: FhirSearchResult): string {
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
  const subsetting = search.elements.length > 0 || (search.summary !== null && search.summary !== 'false');
  const text = (stored: StoredFhirResource) => (subsetting ? JSON.stringify(summarize(resourceOf(stored)!, search)) : stored.json);
  return bundleJson({ resourceType: 'Bundle', type: 'searchset', ...(result.total !== null ? { total: result.total } : {}), link: links }, [
    ...result.matches.map((stored) => ({ fullUrl: `${base}/${stored.resourceType}/${stored.id}`, resource: text(stored), rest: { search: { mode: 'match' } } })),
    ...result.included.map((stored) => ({ fullUrl: `${base}/${stored.resourceType}/${stored.id}`, resource: stored.json, rest: { search: { mode: 'include' } } })),
  ]);
}

/** A `history` Bundle's JSON text: versions newest first, deletes without a resource. */
export function historyBundle(request: ApiRequest, store: StoreRecord, versions: StoredFhirResource[], links: Array<{ relation: string; url: string }>, total: number | null): string {
  const base = fhirBase(request, store);
  return bundleJson({ resourceType: 'Bundle', type: 'history', ...(total !== null ? { total } : {}), link: links }, versions.map((stored) => ({
    fullUrl: `${base}/${stored.resourceType}/${stored.id}`,
    resource: stored.deleted ? null : stored.json,
    rest: {
      request: { method: stored.method, url: stored.method === 'POST' ? stored.resourceType : `${stored.resourceType}/${stored.id}` },
      response: { status: stored.deleted ? '204' : stored.versionId === 1 ? '201' : '200', etag: `W/"${stored.versionId}"`, lastModified: stored.lastUpdated },
    },
  })));
}
