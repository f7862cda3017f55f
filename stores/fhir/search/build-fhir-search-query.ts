import type { Knex } from 'knex';
import { invalidArgument } from '../../../engine/errors/api-error.ts';
import { VERSION_COLUMNS } from '../fhir-resource-rows.ts';
import type { FhirSearchParameters, SearchParameterType } from './fhir-search-parameters.ts';
import type { FhirSearchRequest, SearchFilter } from './fhir-search-request.ts';
import { addValueCondition, splitPrefix } from './search-conditions.ts';
import { toDateRange } from './fhir-date-range.ts';
import { indexTableOf } from './search-index-rows.ts';

/** The column `_sort` orders a parameter's rows by. */
const SORT_COLUMN: Record<SearchParameterType, string> = {
  string: 'value', token: 'value', reference: 'url', date: 'low', number: 'low', quantity: 'low', uri: 'value',
};

/**
 * The SQL of a search over one store: the matching current resources (deleted ones never
 * match) as `r`, each filter a subquery on its index table, so the index on
 * (store, type, code, value) answers it.
 */
export function buildMatchQuery(db: Knex, storePk: number, request: FhirSearchRequest): Knex.QueryBuilder {
  const q = db('fhir_resources as r').where('r.store_pk', storePk).andWhere('r.deleted', false);
  if (request.resourceType) q.andWhere('r.resource_type', request.resourceType);
  else if (request.types.length > 0) q.whereIn('r.resource_type', request.types);
  if (request.snapshot !== null) q.andWhere('r.id', '<=', request.snapshot);
  let driving = true;
  for (const filter of [...request.filters].sort((a, b) => SELECTIVITY[a.type] - SELECTIVITY[b.type])) {
    driving = addFilter(db, q, storePk, request.resourceType, filter, driving) && driving;
  }
  return q;
}

/** A page of matches with their content, ordered by `_sort` and then by key. */
export function buildPageQuery(db: Knex, storePk: number, request: FhirSearchRequest, parameters: FhirSearchParameters): Knex.QueryBuilder {
  const q = buildMatchQuery(db, storePk, request)
    .join('fhir_resource_versions as v', function () { this.on('v.resource_pk', 'r.id').andOn('v.version_id', 'r.version_id'); })
    .select(VERSION_COLUMNS);
  for (const key of request.sort) addSort(db, q, request, parameters, key.code, key.descending);
  return q.orderBy('r.id', 'asc').limit(request.count + 1).offset(request.offset);
}

/** Which kind of filter is likely to match fewest resources, to lead the search: references and ids first, dates last. */
const SELECTIVITY: Record<SearchFilter['type'], number> = { id: 0, reference: 0, token: 1, uri: 1, string: 2, quantity: 3, number: 3, date: 4, lastUpdated: 5 };

/**
 * Add one filter. Returns true when the filter leaves the next positive index filter to
 * lead. The leading one is `r.id IN (...)`: its index rows find the candidates. The others
 * are checked per candidate with EXISTS on the resource's own rows; as IN lists too they
 * would each be built whole (every Observation with a common code) for every search.
 */
function addFilter(db: Knex, q: Knex.QueryBuilder, storePk: number, resourceType: string | null, filter: SearchFilter, driving: boolean): boolean {
  if (filter.type === 'id') {
    if (filter.modifier === 'not') q.whereNotIn('r.resource_id', filter.values);
    else q.whereIn('r.resource_id', filter.values);
    return true;
  }
  if (filter.type === 'lastUpdated') {
    q.where((w) => {
      for (const value of filter.values) {
        const { prefix, rest } = splitPrefix(value);
        const range = toDateRange(rest);
        if (!range) throw invalidArgument(`_lastUpdated: '${rest.slice(0, 40)}' is not a FHIR date`);
        w.orWhere((x) => lastUpdatedCondition(x, prefix, range.low, range.high));
      }
    });
    return true;
  }
  const table = indexTableOf(filter.type);
  const rows = (build: (s: Knex.QueryBuilder) => void) => {
    const s = db(`${table} as i`).select('i.resource_pk').where('i.store_pk', storePk).andWhere('i.code', filter.code);
    if (resourceType) s.andWhere('i.resource_type', resourceType);
    build(s);
    return s;
  };
  const having = filter.modifier === 'missing' ? rows(() => undefined) : rows((s) => s.andWhere((w) => { for (const value of filter.values) addValueCondition(w, filter, value); }));
  const negated = filter.modifier === 'not' || (filter.modifier === 'missing' && filter.values[0] === 'true');
  if (negated) {
    q.whereNotIn('r.id', having);
    return true;
  }
  if (driving) q.whereIn('r.id', having);
  else q.whereExists(ownRows(db, table, filter));
  return false;
}

/**
 * The candidate's own index rows that match `filter`, found through the resource key.
 * `code` is compared as an expression (`code || ''`), so that no planner takes the
 * (store, type, code, value) index instead and scans every row with that value.
 */
function ownRows(db: Knex, table: string, filter: SearchFilter): Knex.QueryBuilder {
  return db(`${table} as i`).select(db.raw('1'))
    .where('i.resource_pk', db.ref('r.id'))
    .andWhereRaw("(i.code || '') = ?", [filter.code])
    .andWhere((w) => { for (const value of filter.values) addValueCondition(w, filter, value); });
}

function lastUpdatedCondition(w: Knex.QueryBuilder, prefix: string, low: number, high: number): void {
  const c = 'r.last_updated_ms';
  switch (prefix) {
    case 'ne': w.where(c, '<', low).orWhere(c, '>', high); break;
    case 'gt': case 'sa': w.where(c, '>', high); break;
    case 'lt': case 'eb': w.where(c, '<', low); break;
    case 'ge': w.where(c, '>=', low); break;
    case 'le': w.where(c, '<=', high); break;
    default: w.where(c, '>=', low).andWhere(c, '<=', high);
  }
}

function addSort(db: Knex, q: Knex.QueryBuilder, request: FhirSearchRequest, parameters: FhirSearchParameters, code: string, descending: boolean): void {
  const direction = descending ? 'desc' : 'asc';
  if (code === '_id') {
    q.orderBy('r.resource_id', direction);
    return;
  }
  if (code === '_lastUpdated') {
    q.orderBy('r.last_updated_ms', direction);
    return;
  }
  const parameter = request.resourceType ? parameters.of(request.resourceType).get(code) : undefined;
  if (!parameter) throw invalidArgument(`_sort: unknown search parameter '${code.slice(0, 64)}'`);
  const column = SORT_COLUMN[parameter.type];
  const value = db(`${indexTableOf(parameter.type)} as s`)
    .select(db.raw(`${descending ? 'max' : 'min'}(s.${column})`))
    .where('s.resource_pk', db.ref('r.id')).andWhere('s.code', code);
  // Resources without a value sort last on both dialects (they disagree on where NULL goes).
  q.orderByRaw('(?) is null', [value]).orderByRaw(`(?) ${direction}`, [value]);
}
