import type { StoreDestination } from '../../engine/channels/channel-destination.ts';
import type { Envelope } from '../../engine/channels/envelope.ts';
import { ApiError } from '../../engine/errors/api-error.ts';
import { BlobStore } from '../../engine/regions/blob-store.ts';
import type { SqlTx } from '../../engine/regions/sql-tx.ts';
import { DicomParseError } from '../../transforms/dicom/dicom-parse-error.ts';
import { readPart10Header } from '../../transforms/dicom/read-part10-header.ts';
import { deleteUnreferencedBlobs } from '../../engine/regions/delete-unreferenced-blobs.ts';
import type { DicomStoreTarget } from './dicom-store-target.ts';
import { DicomRefusal } from './dicom-refusal.ts';
import { conflictText, dicomInstanceRow, insertDicomInstance, type DicomInstanceBlob } from './insert-dicom-instance.ts';
import { INSTANCE_URL_PLACEHOLDER } from './read-dicom-file-header.ts';
import { identityOf } from './store-dicom-instance.ts';

/**
 * A channel's `store:` destination for a DICOM store: the instance is indexed in the
 * channel's commit transaction. An instance received as a blob (a DIMSE source) is indexed
 * where it lies, its header read from the envelope, never the pixels; one received as bytes
 * (HTTP, a folder) is put into the blob store first, outside the transaction. The same
 * bytes again land nothing new; other bytes under a stored SOP Instance UID are refused
 * (ALREADY_EXISTS: C-STORE 0110) unless the store overwrites.
 */
export class DicomStoreDestination implements StoreDestination {
  readonly permission = 'healthcare.dicomStores.dicomWebWrite';
  readonly service = 'dicom';
  private readonly blobs: BlobStore;
  /** Blobs put by prepare, until the message lands. */
  private readonly prepared = new WeakMap<Envelope, DicomInstanceBlob>();

  constructor(readonly name: string, private readonly target: DicomStoreTarget) {
    this.blobs = new BlobStore(target.region.blobs);
  }

  get resource(): string {
    return this.target.name;
  }

  async prepare(envelope: Envelope): Promise<void> {
    if (receivedBlob(envelope) || this.prepared.has(envelope)) return;
    this.prepared.set(envelope, { sha256: await this.blobs.put(envelope.content), size: envelope.content.length });
  }

  async land(tx: SqlTx, envelope: Envelope): Promise<string> {
    const store = await this.target.resolve();
    // Not the instance's fault: a system failure, answered A700 so the sender retries once the store is back.
    if (!store) throw new Error(`the store ${this.target.name} does not exist`);
    const blob = receivedBlob(envelope) ?? this.prepared.get(envelope);
    if (!blob) throw new Error('the instance was not put into the blob store before its commit');
    let identity;
    let row;
    try {
      const { dataset, transferSyntaxUid } = readPart10Header(envelope.content, true, { bulkDataUri: (tagPath) => `${INSTANCE_URL_PLACEHOLDER}/bulkdata/${tagPath}` });
      identity = identityOf(dataset, transferSyntaxUid);
      row = dicomInstanceRow(store, identity, dataset, blob);
    } catch (error) {
      if (error instanceof DicomParseError) throw new ApiError('INVALID_ARGUMENT', `the instance cannot be read: ${error.message}`);
      if (error instanceof DicomRefusal) throw new ApiError('INVALID_ARGUMENT', error.message);
      throw error;
    }
    // The channel's commit writes the audit row of the landing.
    const outcome = await insertDicomInstance(tx, store, row, identity, async () => {});
    if (outcome.conflict) throw new ApiError('ALREADY_EXISTS', conflictText(identity));
    const replaced = outcome.replaced;
    if (replaced) tx.afterCommit(() => void deleteUnreferencedBlobs(this.target.region, [replaced]).catch(() => {}));
    return `${this.target.name}/dicomWeb/studies/${identity.studyUid}/series/${identity.seriesUid}/instances/${identity.sopInstanceUid}`;
  }
}

/** The blob a message came as, when the stages left its content as received. */
function receivedBlob(envelope: Envelope): DicomInstanceBlob | null {
  return envelope.rawBlob && envelope.content === envelope.raw ? envelope.rawBlob : null;
}
