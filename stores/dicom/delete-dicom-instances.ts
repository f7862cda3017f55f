import type { SqlTx } from '../../engine/regions/sql-tx.ts';
import type { StoreRecord } from '../datasets/store-repository.ts';
import { dicomScopeWhere, type DicomScope } from './read-dicom-instances.ts';

/**
 * Delete the instances of a scope in `tx`, or only the first `limit` of them (by id), for
 * work done in batches. Resolves with the blobs they used: once the transaction commits,
 * pass them to deleteUnreferencedBlobs so the bytes are erased.
 */
export async function deleteDicomInstances(tx: SqlTx, store: StoreRecord, scope: DicomScope, limit?: number): Promise<string[]> {
  const db = tx.region.db;
  const where = dicomScopeWhere(store, scope);
  if (limit === undefined) {
    const { rows } = await tx.run<{ blob_sha256: string }>(db('dicom_instances').where(where).select('blob_sha256'));
    if (rows.length > 0) await tx.run(db('dicom_instances').where(where).delete());
    return rows.map((row) => row.blob_sha256);
  }
  const { rows } = await tx.run<{ id: number; blob_sha256: string }>(db('dicom_instances').where(where).select('id', 'blob_sha256').orderBy('id').limit(limit));
  if (rows.length > 0) await tx.run(db('dicom_instances').whereIn('id', rows.map((row) => row.id)).delete());
  return rows.map((row) => row.blob_sha256);
}
