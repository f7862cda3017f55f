import type { Knex } from 'knex';
import { PreparedRead } from '../../../engine/regions/prepared-read.ts';
import type { Region } from '../../../engine/regions/region.ts';
import type { SqlTx } from '../../../engine/regions/sql-tx.ts';
import type { StoreRecord } from '../../datasets/store-repository.ts';
import type { StoredFhirResource } from '../fhir-resource.ts';
import { type FhirVersionRow, fromFhirVersionRow } from '../fhir-resource-rows.ts';
import { buildMatchQuery, buildPageQuery } from './build-fhir-search-query.ts';
import { readSearchIncludes } from './read-search-includes.ts';
import type { FhirSearchParameters } from './fhir-search-parameters.ts';
import type { FhirSearchRequest } from './fhir-search-request.ts';

export interface FhirSearchResult {
  matches: StoredFhirResource[];
  /** What `_include` and `_revinclude` added (search mode `include`). */
  included: StoredFhirResource[];
  /** Known when asked for (`_total`), or when the whole result fit on this page. */
  total: number | null;
  /** `_page_token` values of the next and previous pages, when there are such pages. */
  next: string | null;
  previous: string | null;
}

/** Run a search, in `tx` when given (a conditional write must see its own transaction). */
export async function searchFhirResources(region: Region, store: StoreRecord, request: FhirSearchRequest, parameters: FhirSearchParameters, tx?: SqlTx): Promise<FhirSearchResult> {
  const run = async <T>(query: ReturnType<typeof buildMatchQuery>): Promise<T[]> => (tx ? (await tx.run<T>(query)).rows : await region.read<T>(query));
  const snapshot = request.snapshot ?? (tx ? await newestKey(region, run) : await newestResourceKey(region));
  const pinned = { ...request, snapshot };
  let total: number | null = null;
  if (request.total !== 'none' || request.summary === 'count') {
    const [row] = await run<{ n: number | string }>(buildMatchQuery(region.db, store.pk, pinned).count({ n: '*' }));
    total = Number(row.n);
  }
  if (request.summary === 'count' || request.count === 0) return { matches: [], included: [], total, next: null, previous: null };
  const rows = await run<FhirVersionRow>(buildPageQuery(region.db, store.pk, pinned, parameters));
  const more = rows.length > request.count;
  const matches = rows.slice(0, request.count).map(fromFhirVersionRow);
  if (total === null && !more) total = request.offset + matches.length;
  const included = await readSearchIncludes(region, store, matches, request.include, request.revinclude, tx);
  return {
    matches,
    included,
    total,
    next: more ? `${request.offset + request.count}.${snapshot}` : null,
    previous: request.offset > 0 ? `${Math.max(0, request.offset - request.count)}.${snapshot}` : null,
  };
}

/**
 * The newest resource key: later pages of this search ignore resources created after it.
 * Keys are unique across stores, so the region's newest key does (the primary key answers it at once).
 */
async function newestKey(region: Region, run: <T>(query: ReturnType<typeof buildMatchQuery>) => Promise<T[]>): Promise<number> {
  const rows = await run<{ m: number | string | null }>(newestKeyQuery(region.db));
  return Number(rows[0]?.m ?? 0);
}

const newestKeyQuery = (db: Knex) => db('fhir_resources').max({ m: 'id' });

/** Read before every search: compiled once, and kept prepared on PostgreSQL. */
const readNewestKey = new PreparedRead<[], { m: number | string | null }>(newestKeyQuery);

/** The store's newest resource key, read outside any transaction. */
export async function newestResourceKey(region: Region): Promise<number> {
  const rows = await readNewestKey.read(region);
  return Number(rows[0]?.m ?? 0);
}
