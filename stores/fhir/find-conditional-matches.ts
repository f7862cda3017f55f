import { invalidArgument } from '../../engine/errors/api-error.ts';
import type { Region } from '../../engine/regions/region.ts';
import type { SqlTx } from '../../engine/regions/sql-tx.ts';
import type { StoreRecord } from '../datasets/store-repository.ts';
import type { StoredFhirResource } from './fhir-resource.ts';
import { r4SearchParameters } from './search/fhir-search-parameters.ts';
import { parseFhirSearch } from './search/parse-fhir-search.ts';
import { searchFhirResources } from './search/search-fhir-resources.ts';

/** Result parameters are not criteria; the few special ones that select resources are. */
const SELECTING = new Set(['_id', '_tag', '_profile', '_security', '_lastUpdated']);

/**
 * The resources a conditional operation's criteria match (`identifier=urn:mrn|123`), at
 * most two: the caller only needs to tell none, one and several apart. Run in `tx`, so
 * what the same transaction wrote counts.
 */
export async function findConditionalMatches(region: Region, store: StoreRecord, type: string, query: Record<string, string | string[] | undefined>, tx: SqlTx): Promise<StoredFhirResource[]> {
  const criteria = Object.fromEntries(Object.entries(query).filter(([k]) => !k.startsWith('_') || SELECTING.has(k.split(':')[0])));
  if (Object.keys(criteria).length === 0) throw invalidArgument(`a conditional operation on ${type} needs search criteria`);
  const search = parseFhirSearch(type, criteria, r4SearchParameters());
  search.count = 2;
  return (await searchFhirResources(region, store, search, r4SearchParameters(), tx)).matches;
}

/** `identifier=a|b&x=y` (or `Patient?identifier=...`) as a query object. */
export function parseCriteria(text: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(text.includes('?') ? text.slice(text.indexOf('?') + 1) : text)) {
    const existing = query[name];
    query[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return query;
}
