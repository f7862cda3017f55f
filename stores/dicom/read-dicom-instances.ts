import type { Region } from '../../engine/regions/region.ts';
import type { StoreRecord } from '../datasets/store-repository.ts';
import type { DicomInstanceRow } from './dicom-instance-row.ts';

/** Which instances a DICOMweb path names: a study, a series of it, or one instance. */
export interface DicomScope {
  studyUid: string;
  seriesUid?: string;
  sopInstanceUid?: string;
}

/** The `dicom_instances` condition for a scope's instances in a store. */
export function dicomScopeWhere(store: StoreRecord, scope: DicomScope): Record<string, string | number> {
  return {
    store_pk: store.pk,
    study_uid: scope.studyUid,
    ...(scope.seriesUid ? { series_uid: scope.seriesUid } : {}),
    ...(scope.sopInstanceUid ? { sop_instance_uid: scope.sopInstanceUid } : {}),
  };
}

/** Whether the store holds any instance of the scope. */
export async function hasDicomInstances(region: Region, store: StoreRecord, scope: DicomScope): Promise<boolean> {
  return (await region.read(region.db('dicom_instances').where(dicomScopeWhere(store, scope)).select('id').limit(1))).length > 0;
}

/** The instances in a scope, by series and instance number; empty when nothing matches. */
export function readDicomInstances(region: Region, store: StoreRecord, scope: DicomScope, columns: readonly string[] = ['*']): Promise<DicomInstanceRow[]> {
  const query = region.db('dicom_instances').where(dicomScopeWhere(store, scope));
  return region.read<DicomInstanceRow>(query.select(columns).orderBy([{ column: 'series_uid' }, { column: 'instance_number' }, { column: 'id' }]));
}
