import type { AuditLog } from '../../engine/audit/audit-log.ts';
import type { ChannelReceiver } from '../../engine/channels/channel-receiver.ts';
import type { Envelope } from '../../engine/channels/envelope.ts';
import type { Logger } from '../../engine/logger.ts';
import { BlobStore } from '../../engine/regions/blob-store.ts';
import type { FinishedUpload } from '../../engine/regions/blob-upload.ts';
import { deleteUnreferencedBlobs } from '../../engine/regions/delete-unreferenced-blobs.ts';
import type { Region } from '../../engine/regions/region.ts';
import { readDicomFileHeader } from '../../stores/dicom/read-dicom-file-header.ts';
import { DicomParseError } from '../../transforms/dicom/dicom-parse-error.ts';
import { DUPLICATE_INSTANCE_COMMENT, type CStoreOutcome, type CStoreTarget } from './c-store-target.ts';
import { constants } from './dcmjs-dimse.ts';
import { dimseAuditEntry, type AssociationPeer } from './dimse-context.ts';

/** HL7 table 0357's duplicate key identifier: a store refused other bytes under a stored SOP Instance UID. */
const DUPLICATE = 205;

/**
 * A channel's `source: { dimse }`: each received instance is moved into the channel
 * region's blob store and enters the channel as a message whose content is its header (up
 * to Pixel Data, what stages read) and whose raw is the blob. The C-STORE is answered once
 * the channel says (committed, or journaled on receipt): Success for a message processed or
 * filtered; 0110 for a SOP Instance a store holds with other content; C000 (cannot
 * understand) for other content errors, with the reason as Error Comment; A700 (out of
 * resources) when the engine failed, so the sender retries.
 */
export class ChannelCStoreTarget implements CStoreTarget {
  readonly blobs: BlobStore;

  constructor(
    private readonly receiver: ChannelReceiver,
    private readonly region: Region,
    private readonly audit: AuditLog,
    private readonly logger: Logger,
  ) {
    this.blobs = new BlobStore(region.blobs);
  }

  async store(upload: FinishedUpload, peer: AssociationPeer, sequence: number): Promise<CStoreOutcome> {
    let envelope: Envelope;
    let committed = false;
    try {
      const header = await headerBytesOf(upload);
      await this.blobs.commitUpload(upload);
      committed = true;
      envelope = await this.receiver.receive({
        raw: header,
        rawBlob: { sha256: upload.sha256, size: upload.size },
        contentType: 'application/dicom',
        origin: { connectionId: peer.associationId, peer: peer.address, principal: `dimse:${peer.callingAeTitle}@${peer.address}`, method: 'C-STORE' },
      });
    } catch (error) {
      this.logger.error({ err: error, associationId: peer.associationId }, 'C-STORE could not be taken into the channel; answering A700 so the sender retries');
      this.recordRefusal(peer, sequence, 503);
      await (committed ? deleteUnreferencedBlobs(this.region, [upload.sha256], this.blobs) : this.blobs.discard(upload)).catch((cleanup: unknown) => {
        this.logger.warn({ err: cleanup }, 'an instance the channel did not take could not be removed');
      });
      return { status: 0xa700, comment: 'the instance could not be taken; send it again later' };
    }
    return outcomeOf(envelope);
  }

  /** A C-STORE the channel never journaled (over the size limit, the engine failing) is audited here; the rest by the channel's commit. */
  recordRefusal(peer: AssociationPeer, sequence: number, status: number): void {
    this.logger.warn({ associationId: peer.associationId, callingAeTitle: peer.callingAeTitle, status }, 'C-STORE refused before it reached the channel');
    this.audit.record(this.region, { ...dimseAuditEntry(peer, 'C-STORE', 'plexus.channels.send', this.receiver.resource, status, sequence), service: 'channels' });
  }

  associationClosed(associationId: string): void {
    this.receiver.connectionClosed(associationId);
  }
}

/** The C-STORE answer for what the channel made of the message. */
function outcomeOf(envelope: Envelope): CStoreOutcome {
  if (envelope.status !== 'ERROR') return { status: constants.Status.Success };
  const error = envelope.error!;
  // The Error Comment holds 64 characters: the journal keeps the whole reason.
  if (error.kind === 'content' && error.code === DUPLICATE) return { status: 0x0110, comment: DUPLICATE_INSTANCE_COMMENT };
  if (error.kind === 'content') return { status: 0xc000, comment: error.text };
  return { status: 0xa700, comment: 'the instance could not be processed; send it again later' };
}

/**
 * The file's bytes up to Pixel Data: what stages read. A file that cannot be read goes in
 * with its first bytes, so the channel journals it (raw kept) and its parse stage says why.
 */
async function headerBytesOf(upload: FinishedUpload): Promise<Buffer> {
  try {
    const header = await readDicomFileHeader(upload.path, upload.size, undefined, upload.head);
    return header.pixelDataOffset === null ? header.bytes : header.bytes.subarray(0, header.pixelDataOffset);
  } catch (error) {
    if (error instanceof DicomParseError) return upload.head;
    throw error;
  }
}
