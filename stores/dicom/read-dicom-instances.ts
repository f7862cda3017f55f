import type { Region } from '../../engine/regions/region.ts';
import type { StoreRecord } from '../datasets/store-repository.ts';
import type { DicomInstanceRow } from './dicom-instance-row.ts';

/** Which instances a DICOMweb path names: a study, a series of it, or one instance. */
export interface DicomScope {
  studyUid: string;
  seriesUid?: string;
  sopInstanceUid?: string;
}

/** The instances in a scope, by series and instance number; empty when nothing matches. */
export function readDicomInstances(region: Region, store: StoreRecord, scope: DicomScope, columns: readonly string[] = ['*']): Promise<DicomInstanceRow[]> {
  const query = region.db('dicom_instances').where({ store_pk: store.pk, study_uid: scope.studyUid });
  if (scope.seriesUid) query.where('series_uid', scope.seriesUid);
  if (scope.sopInstanceUid) query.where('sop_instance_uid', scope.sopInstanceUid);
  return region.read<DicomInstanceRow>(query.select(columns).orderBy([{ column: 'series_uid' }, { column: 'instance_number' }, { column: 'id' }]));
}
