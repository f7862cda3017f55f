import { insertRows } from '../../engine/regions/insert-rows.ts';
import type { SqlTx } from '../../engine/regions/sql-tx.ts';
import type { DicomJson } from '../../transforms/dicom/dicom-json.ts';
import type { StoreRecord } from '../datasets/store-repository.ts';
import { announceDicomInstance } from './announce-dicom-instance.ts';
import { indexColumnsOf, type DicomInstanceIdentity, type DicomInstanceRow } from './dicom-instance-row.ts';

/** An instance's bytes in the region's blob store. */
export interface DicomInstanceBlob {
  sha256: string;
  size: number;
}

/** What inserting an instance did: stored it (`created`), found the same bytes, or met other bytes under its UID. */
export interface InsertDicomInstanceOutcome {
  created: boolean;
  /** Other bytes under the SOP Instance UID, kept (the store does not overwrite). */
  conflict: boolean;
  /** The blob an overwrite replaced: delete it once the transaction has committed and nothing else refers to it. */
  replaced: string | null;
}

/** The dicom_instances row of an instance: identity, blob, QIDO index columns and the metadata as DICOM JSON. */
export function dicomInstanceRow(store: StoreRecord, identity: DicomInstanceIdentity, dataset: DicomJson, blob: DicomInstanceBlob): Record<string, unknown> {
  return {
    store_pk: store.pk,
    study_uid: identity.studyUid,
    series_uid: identity.seriesUid,
    sop_instance_uid: identity.sopInstanceUid,
    sop_class_uid: identity.sopClassUid,
    transfer_syntax_uid: identity.transferSyntaxUid,
    blob_sha256: blob.sha256,
    size: blob.size,
    created_ms: Date.now(),
    ...indexColumnsOf(dataset),
    metadata: JSON.stringify(dataset),
  };
}

/**
 * Index an instance whose bytes are in the blob store, in the caller's transaction (a STOW
 * or C-STORE group commit, or a channel's commit). The same bytes again change nothing;
 * other bytes under a stored SOP Instance UID are a conflict unless the store's
 * `overwriteExistingInstances` is set. A stored (or replaced) instance is announced and
 * `audit` writes the access's row.
 */
export async function insertDicomInstance(tx: SqlTx, store: StoreRecord, row: Record<string, unknown>, identity: DicomInstanceIdentity, audit: (tx: SqlTx) => Promise<void>): Promise<InsertDicomInstanceOutcome> {
  const db = tx.region.db;
  const scope = { store_pk: store.pk, sop_instance_uid: identity.sopInstanceUid };
  const createdTime = new Date(row.created_ms as number).toISOString();
  // A concurrent store of the same instance makes the insert wait, then do nothing.
  const inserted = await insertRows(tx, 'dicom_instances', [row], ['id'], { onConflictDoNothing: ['store_pk', 'sop_instance_uid'] });
  if (inserted.length === 1) {
    await announceDicomInstance(tx, store, identity, createdTime);
    await audit(tx);
    return { created: true, conflict: false, replaced: null };
  }
  const { rows } = await tx.run<Pick<DicomInstanceRow, 'id' | 'blob_sha256'>>(db('dicom_instances').where(scope).select('id', 'blob_sha256'));
  const existing = rows[0];
  if (existing.blob_sha256 === row.blob_sha256) {
    await audit(tx);
    return { created: false, conflict: false, replaced: null };
  }
  if (store.config.overwriteExistingInstances !== true) return { created: false, conflict: true, replaced: null };
  await tx.run(db('dicom_instances').where({ id: existing.id }).update(row));
  await announceDicomInstance(tx, store, identity, createdTime);
  await audit(tx);
  return { created: true, conflict: false, replaced: existing.blob_sha256 };
}

/** Why other bytes under a stored SOP Instance UID are refused. */
export function conflictText(identity: DicomInstanceIdentity): string {
  return `SOP Instance ${identity.sopInstanceUid} is stored already with other content; this store keeps the first (set overwriteExistingInstances on the store to replace it)`;
}
