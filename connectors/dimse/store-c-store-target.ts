import type { AuditLog } from '../../engine/audit/audit-log.ts';
import type { Logger } from '../../engine/logger.ts';
import { BlobStore } from '../../engine/regions/blob-store.ts';
import type { FinishedUpload } from '../../engine/regions/blob-upload.ts';
import { DicomRefusal } from '../../stores/dicom/dicom-refusal.ts';
import type { DicomStoreTarget } from '../../stores/dicom/dicom-store-target.ts';
import { storeDicomInstance } from '../../stores/dicom/store-dicom-instance.ts';
import { constants } from './dcmjs-dimse.ts';
import { DUPLICATE_INSTANCE_COMMENT, type CStoreOutcome, type CStoreTarget } from './c-store-target.ts';
import { dimseAuditEntry, type AssociationPeer } from './dimse-context.ts';

const PERMISSION = 'healthcare.dicomStores.dicomWebWrite';

/**
 * A plexus.yaml listener's C-STOREs land in its DICOM store. Content refusals answer their
 * failure status (0110 for a conflicting SOP Instance, A900, C000) with an Error Comment;
 * a store or database failure answers A700 (Out of Resources) so the sender retries.
 */
export class StoreCStoreTarget implements CStoreTarget {
  readonly blobs: BlobStore;

  constructor(
    private readonly target: DicomStoreTarget,
    private readonly audit: AuditLog,
    private readonly logger: Logger,
  ) {
    this.blobs = new BlobStore(target.region.blobs);
  }

  async store(upload: FinishedUpload, peer: AssociationPeer, sequence: number): Promise<CStoreOutcome> {
    const entry = (status: number) => dimseAuditEntry(peer, 'C-STORE', PERMISSION, this.target.name, status, sequence);
    try {
      const store = await this.target.resolve();
      if (!store) {
        await this.blobs.discard(upload);
        return { status: constants.Status.ProcessingFailure, comment: `store ${this.target.name} does not exist` };
      }
      // Resolves once the group commit is durable.
      await storeDicomInstance({ region: this.target.region, store, upload, audit: (tx) => this.audit.recordIn(tx, entry(200)) });
      return { status: constants.Status.Success };
    } catch (error) {
      if (error instanceof DicomRefusal) {
        this.audit.record(this.target.region, entry(error.failureReason === 0x0110 ? 409 : 400));
        return { status: error.failureReason, comment: error.failureReason === 0x0110 ? DUPLICATE_INSTANCE_COMMENT : error.message };
      }
      this.logger.error({ err: error, associationId: peer.associationId }, 'C-STORE failed; answering A700 so the sender retries');
      this.audit.record(this.target.region, entry(503));
      return { status: 0xa700, comment: 'the instance could not be stored; send it again later' };
    }
  }

  recordRefusal(peer: AssociationPeer, sequence: number, status: number): void {
    this.audit.record(this.target.region, dimseAuditEntry(peer, 'C-STORE', PERMISSION, this.target.name, status, sequence));
  }
}
