import type { Region } from '../../engine/regions/region.ts';
import type { StoreRecord } from '../datasets/store-repository.ts';
import type { StoredFhirResource } from './fhir-resource.ts';
import { type FhirVersionRow, fromFhirVersionRow, VERSION_COLUMNS } from './fhir-resource-rows.ts';

export interface HistoryQuery {
  resourceType?: string;
  id?: string;
  /** `_since`: versions made at or after this instant (ms). */
  since?: number;
  /** `_at`: the versions that were current at some point within [low, high] (ms). */
  at?: { low: number; high: number };
  count: number;
  offset: number;
}

/** History at instance, type or store level, newest first, one page plus one row (to know if more follow). */
export async function readFhirHistory(region: Region, store: StoreRecord, query: HistoryQuery): Promise<{ versions: StoredFhirResource[]; more: boolean }> {
  const db = region.db;
  const q = db('fhir_resource_versions as v').where('v.store_pk', store.pk).select(VERSION_COLUMNS);
  if (query.resourceType) q.andWhere('v.resource_type', query.resourceType);
  if (query.id) q.andWhere('v.resource_id', query.id);
  if (query.since !== undefined) q.andWhere('v.last_updated_ms', '>=', query.since);
  if (query.at) {
    const { low, high } = query.at;
    q.andWhere('v.last_updated_ms', '<=', high).whereNotExists(
      db('fhir_resource_versions as w').where('w.resource_pk', db.ref('v.resource_pk'))
        .andWhere('w.version_id', '>', db.ref('v.version_id')).andWhere('w.last_updated_ms', '<=', low),
    );
  }
  const rows = await region.read<FhirVersionRow>(q.orderBy('v.last_updated_ms', 'desc').orderBy('v.id', 'desc').limit(query.count + 1).offset(query.offset));
  return { versions: rows.slice(0, query.count).map(fromFhirVersionRow), more: rows.length > query.count };
}
