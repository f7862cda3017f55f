import type { Knex } from 'knex';
import type { Region } from '../../engine/regions/region.ts';
import type { StoreRecord } from '../datasets/store-repository.ts';
import type { StoredFhirResource } from './fhir-resource.ts';
import { type FhirVersionRow, fromFhirVersionRow, VERSION_COLUMNS } from './fhir-resource-rows.ts';
import { patientCompartment } from './patient-compartment.ts';

export interface EverythingQuery {
  patientId: string;
  /** `_since`: only resources updated at or after this instant (ms). */
  since?: number;
  /** `_type`: only these resource types. */
  types: string[];
  count: number;
  offset: number;
  /** The newest resource key when the first page was read (stable paging). */
  snapshot: number;
}

/**
 * `Patient/{id}/$everything`: the patient, every current resource in its compartment (a
 * compartment parameter of the resource's type references the patient), the resources
 * outside the R4 compartment whose search parameters still name the patient (a Device's
 * `patient`), and the resources all those reference (practitioners, organizations,
 * locations...), one page at a time. Other patients are never included.
 */
export async function readPatientEverything(region: Region, store: StoreRecord, query: EverythingQuery): Promise<{ resources: StoredFhirResource[]; more: boolean }> {
  const db = region.db;
  const inCompartment = compartmentMembers(db, store.pk, query.patientId);
  const referenced = db('fhir_references as f')
    .join('fhir_resources as t', function () { this.on('t.store_pk', 'f.store_pk').andOn('t.resource_type', 'f.target_type').andOn('t.resource_id', 'f.target_id'); })
    .whereIn('f.resource_pk', compartmentMembers(db, store.pk, query.patientId))
    .whereNot('t.resource_type', 'Patient')
    .select('t.id');
  const q = db('fhir_resources as r')
    .join('fhir_resource_versions as v', function () { this.on('v.resource_pk', 'r.id').andOn('v.version_id', 'r.version_id'); })
    .where('r.store_pk', store.pk).andWhere('r.deleted', false).andWhere('r.id', '<=', query.snapshot)
    .andWhere((w) => {
      w.where((p) => p.where('r.resource_type', 'Patient').andWhere('r.resource_id', query.patientId))
        .orWhereIn('r.id', inCompartment)
        .orWhereIn('r.id', referenced);
    })
    .select(VERSION_COLUMNS);
  if (query.since !== undefined) q.andWhere('r.last_updated_ms', '>=', query.since);
  if (query.types.length > 0) q.whereIn('r.resource_type', query.types);
  const rows = await region.read<FhirVersionRow>(q.orderBy('r.id').limit(query.count + 1).offset(query.offset));
  return { resources: rows.slice(0, query.count).map(fromFhirVersionRow), more: rows.length > query.count };
}

/** Keys of the resources whose compartment parameters reference Patient/{id}. */
function compartmentMembers(db: Knex, storePk: number, patientId: string): Knex.QueryBuilder {
  return db('fhir_index_reference as i').select('i.resource_pk')
    .where({ 'i.store_pk': storePk, 'i.target_type': 'Patient', 'i.target_id': patientId })
    .andWhere((w) => {
      for (const [type, codes] of patientCompartment()) w.orWhere((x) => x.where('i.resource_type', type).whereIn('i.code', codes));
      w.orWhereNotIn('i.resource_type', [...patientCompartment().keys(), 'Patient']);
    });
}
