import { readFileSync } from 'node:fs';
import type { BlobStore } from '../../engine/regions/blob-store.ts';
import type { DicomInstanceRow } from '../../stores/dicom/dicom-instance-row.ts';
import { readFileMetaHeader } from '../../transforms/dicom/read-part10-header.ts';
import { transcodeNative } from '../../transforms/dicom/transcode-to-explicit-little-endian.ts';
import { isNativeTransferSyntax, TransferSyntax } from '../../transforms/dicom/transfer-syntax.ts';
import { Dataset } from './dcmjs-dimse.ts';

type Uncompressed = typeof TransferSyntax.ExplicitVRLittleEndian | typeof TransferSyntax.ImplicitVRLittleEndian;

/**
 * A stored instance as dcmjs-dimse sends it in a C-STORE sub-operation (C-MOVE, C-GET):
 * the dataset bytes are read from the blob store only when the request is sent, exactly
 * as stored, or re-encoded when the peer accepted only an uncompressed syntax. dcmjs-dimse
 * never parses or re-writes them.
 */
export class StoredInstanceDataset extends Dataset {
  private sendAs: string;

  constructor(
    private readonly row: Pick<DicomInstanceRow, 'sop_class_uid' | 'sop_instance_uid' | 'transfer_syntax_uid' | 'blob_sha256'>,
    private readonly blobs: BlobStore,
  ) {
    super({ SOPClassUID: row.sop_class_uid, SOPInstanceUID: row.sop_instance_uid }, row.transfer_syntax_uid);
    this.sendAs = row.transfer_syntax_uid;
  }

  /** The syntaxes this instance can be sent in: as stored, or uncompressed when it is native. */
  sendableSyntaxes(): string[] {
    const stored = this.row.transfer_syntax_uid;
    return isNativeTransferSyntax(stored) ? [stored, TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.ImplicitVRLittleEndian] : [stored];
  }

  /** Send in `transferSyntaxUid`, one of sendableSyntaxes(). */
  sendIn(transferSyntaxUid: string): void {
    this.sendAs = transferSyntaxUid;
  }

  override getTransferSyntaxUid(): string {
    return this.sendAs;
  }

  override getDenaturalizedDataset(): Buffer {
    let file: Buffer = readFileSync(this.blobs.filePath(this.row.blob_sha256));
    if (this.sendAs !== this.row.transfer_syntax_uid) file = transcodeNative(file, this.sendAs as Uncompressed);
    return file.subarray(readFileMetaHeader(file, true).datasetOffset);
  }
}
