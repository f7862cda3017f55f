import type { SqlTx } from '../../engine/regions/sql-tx.ts';
import type { StoreRecord } from '../datasets/store-repository.ts';
import type { DicomScope } from './read-dicom-instances.ts';

/**
 * Delete the instances of a scope in `tx`. Resolves with the blobs they used: once the
 * transaction commits, pass them to deleteUnreferencedBlobs so the bytes are erased.
 */
export async function deleteDicomInstances(tx: SqlTx, store: StoreRecord, scope: DicomScope): Promise<string[]> {
  const db = tx.region.db;
  const where = { store_pk: store.pk, study_uid: scope.studyUid, ...(scope.seriesUid ? { series_uid: scope.seriesUid } : {}), ...(scope.sopInstanceUid ? { sop_instance_uid: scope.sopInstanceUid } : {}) };
  const { rows } = await tx.run<{ blob_sha256: string }>(db('dicom_instances').where(where).select('blob_sha256'));
  if (rows.length > 0) await tx.run(db('dicom_instances').where(where).delete());
  return rows.map((row) => row.blob_sha256);
}
