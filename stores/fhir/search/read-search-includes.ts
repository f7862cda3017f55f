import type { Knex } from 'knex';
import type { Region } from '../../../engine/regions/region.ts';
import type { SqlTx } from '../../../engine/regions/sql-tx.ts';
import type { StoreRecord } from '../../datasets/store-repository.ts';
import type { StoredFhirResource } from '../fhir-resource.ts';
import { type FhirVersionRow, fromFhirVersionRow, VERSION_COLUMNS } from '../fhir-resource-rows.ts';
import type { IncludeRequest } from './fhir-search-request.ts';

/** Rounds of `:iterate` at most, and included resources at most, so a reference cycle or a hub cannot run away. */
const MAX_ROUNDS = 4;
const MAX_INCLUDED = 1000;

/**
 * The resources `_include` and `_revinclude` add to a page of matches: what the matches
 * reference through the named parameters, and what references them; `:iterate` repeats
 * both over what was just included. None is a match itself or appears twice.
 */
export async function readSearchIncludes(region: Region, store: StoreRecord, matches: StoredFhirResource[], include: IncludeRequest[], revinclude: IncludeRequest[], tx?: SqlTx): Promise<StoredFhirResource[]> {
  if (include.length === 0 && revinclude.length === 0) return [];
  const run = async (query: Knex.QueryBuilder) => (tx ? (await tx.run<FhirVersionRow>(query)).rows : await region.read<FhirVersionRow>(query)).map(fromFhirVersionRow);
  const seen = new Set(matches.map((m) => m.pk));
  const included: StoredFhirResource[] = [];
  let frontier = matches;
  for (let round = 0; round < MAX_ROUNDS && frontier.length > 0 && included.length < MAX_INCLUDED; round++) {
    const found: StoredFhirResource[] = [];
    for (const request of include.filter((r) => round === 0 || r.iterate)) found.push(...(await run(includeQuery(region.db, store, frontier, request))));
    for (const request of revinclude.filter((r) => round === 0 || r.iterate)) found.push(...(await run(revincludeQuery(region.db, store, frontier, request))));
    frontier = [];
    for (const resource of found) {
      if (seen.has(resource.pk) || included.length >= MAX_INCLUDED) continue;
      seen.add(resource.pk);
      included.push(resource);
      frontier.push(resource);
    }
  }
  return included;
}

function current(db: Knex) {
  return db('fhir_resources as t')
    .join('fhir_resource_versions as v', function () { this.on('v.resource_pk', 't.id').andOn('v.version_id', 't.version_id'); })
    .andWhere('t.deleted', false)
    .select(VERSION_COLUMNS);
}

/** Resources the `from` resources reference through `request`'s parameter. */
function includeQuery(db: Knex, store: StoreRecord, from: StoredFhirResource[], request: IncludeRequest): Knex.QueryBuilder {
  const references = db('fhir_index_reference as i')
    .join('fhir_resources as t2', function () { this.on('t2.store_pk', 'i.store_pk').andOn('t2.resource_type', 'i.target_type').andOn('t2.resource_id', 'i.target_id'); })
    .where('i.store_pk', store.pk).whereIn('i.resource_pk', from.map((r) => r.pk)).select('t2.id');
  if (request.type !== '*') references.andWhere('i.resource_type', request.type);
  if (request.code !== '*') references.andWhere('i.code', request.code);
  if (request.target) references.andWhere('i.target_type', request.target);
  return current(db).where('t.store_pk', store.pk).whereIn('t.id', references).orderBy('t.id');
}

/** Resources of `request.type` that reference the `to` resources through its parameter. */
function revincludeQuery(db: Knex, store: StoreRecord, to: StoredFhirResource[], request: IncludeRequest): Knex.QueryBuilder {
  const referencing = db('fhir_index_reference as i').select('i.resource_pk').where('i.store_pk', store.pk)
    .andWhere((w) => {
      const byType = new Map<string, string[]>();
      for (const r of to) byType.set(r.resourceType, [...(byType.get(r.resourceType) ?? []), r.id]);
      for (const [type, ids] of byType) w.orWhere((x) => x.where('i.target_type', type).whereIn('i.target_id', ids));
    });
  if (request.type !== '*') referencing.andWhere('i.resource_type', request.type);
  if (request.code !== '*') referencing.andWhere('i.code', request.code);
  return current(db).where('t.store_pk', store.pk).whereIn('t.id', referencing).orderBy('t.id');
}
