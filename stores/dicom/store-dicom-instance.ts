import type { FinishedUpload } from '../../engine/regions/blob-upload.ts';
import { BlobStore } from '../../engine/regions/blob-store.ts';
import { groupCommitterOf } from '../../engine/regions/group-commit.ts';
import type { Region } from '../../engine/regions/region.ts';
import type { SqlTx } from '../../engine/regions/sql-tx.ts';
import { firstString, type DicomJson } from '../../transforms/dicom/dicom-json.ts';
import { DicomParseError } from '../../transforms/dicom/dicom-parse-error.ts';
import type { StoreRecord } from '../datasets/store-repository.ts';
import type { DicomInstanceIdentity } from './dicom-instance-row.ts';
import { DicomRefusal, FailureReason } from './dicom-refusal.ts';
import { readDicomFileHeader } from './read-dicom-file-header.ts';
import { deleteUnreferencedBlobs } from '../../engine/regions/delete-unreferenced-blobs.ts';
import { conflictText, dicomInstanceRow, insertDicomInstance } from './insert-dicom-instance.ts';

const UID = /^[0-9]+(\.[0-9]+)*$/;

export interface StoreDicomInstanceRequest {
  region: Region;
  store: StoreRecord;
  /** The Part-10 file, already on disk (BlobUpload). It is moved into the blob store or removed. */
  upload: FinishedUpload;
  /** STOW-RS `POST studies/{study}`: instances of another study are refused. */
  expectedStudyUid?: string;
  /** Writes the access's audit row in the same transaction. */
  audit: (tx: SqlTx) => Promise<void>;
}

export interface StoredDicomInstance extends DicomInstanceIdentity {
  /** False when the same bytes were stored already: nothing changed. */
  created: boolean;
}

/**
 * Store one Part-10 instance: read its header from disk (never the pixels), check its
 * identity, move the bytes to their content address, then commit the index row and the
 * audit row in one group commit. The same bytes again are a success that changes nothing;
 * other bytes under a stored SOP Instance UID are refused (0110) unless the store's
 * `overwriteExistingInstances` is set. Throws DicomRefusal for what is not stored.
 */
export async function storeDicomInstance(request: StoreDicomInstanceRequest): Promise<StoredDicomInstance> {
  const blobs = new BlobStore(request.region.blobs);
  let dataset: DicomJson;
  let identity: DicomInstanceIdentity;
  try {
    const header = await readDicomFileHeader(request.upload.path, request.upload.size, undefined, request.upload.head);
    dataset = header.dataset;
    identity = identityOf(dataset, header.transferSyntaxUid);
    if (request.expectedStudyUid && identity.studyUid !== request.expectedStudyUid) {
      throw new DicomRefusal(FailureReason.DataSetDoesNotMatchSopClass, `the instance belongs to study ${identity.studyUid}, not to ${request.expectedStudyUid} named in the request`, identity.sopInstanceUid, identity.sopClassUid);
    }
  } catch (error) {
    await blobs.discard(request.upload);
    if (error instanceof DicomParseError) throw new DicomRefusal(FailureReason.CannotUnderstand, `the instance cannot be read: ${error.message}`);
    throw error;
  }
  const row = dicomInstanceRow(request.store, identity, dataset, request.upload);
  await blobs.commitUpload(request.upload);
  const outcome = await groupCommitterOf(request.region).commit((tx) => insertDicomInstance(tx, request.store, row, identity, request.audit));
  if (outcome.conflict) {
    await deleteUnreferencedBlobs(request.region, [request.upload.sha256]);
    throw new DicomRefusal(FailureReason.ProcessingFailure, conflictText(identity), identity.sopInstanceUid, identity.sopClassUid);
  }
  if (outcome.replaced) await deleteUnreferencedBlobs(request.region, [outcome.replaced]);
  return { ...identity, created: outcome.created };
}

/** The UIDs every stored instance must carry, as UIs; DicomRefusal when one is missing or malformed. */
export function identityOf(dataset: DicomJson, transferSyntaxUid: string): DicomInstanceIdentity {
  const uid = (tag: string, keyword: string): string => {
    const attribute = dataset[tag];
    const value = firstString(dataset, tag);
    if (!attribute || attribute.vr !== 'UI' || !value) throw new DicomRefusal(FailureReason.DataSetDoesNotMatchSopClass, `the instance has no ${keyword} (${tag.slice(0, 4)},${tag.slice(4)})`);
    if (!UID.test(value) || value.length > 64) throw new DicomRefusal(FailureReason.DataSetDoesNotMatchSopClass, `${keyword} "${value.slice(0, 80)}" is not a valid UID`);
    return value;
  };
  const sopInstanceUid = uid('00080018', 'SOP Instance UID');
  const sopClassUid = uid('00080016', 'SOP Class UID');
  try {
    return { sopInstanceUid, sopClassUid, studyUid: uid('0020000D', 'Study Instance UID'), seriesUid: uid('0020000E', 'Series Instance UID'), transferSyntaxUid };
  } catch (error) {
    if (error instanceof DicomRefusal) throw new DicomRefusal(error.failureReason, error.message, sopInstanceUid, sopClassUid);
    throw error;
  }
}
