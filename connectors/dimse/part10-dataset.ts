import { readFileSync } from 'node:fs';
import type { BlobStore } from '../../engine/regions/blob-store.ts';
import type { DicomInstanceRow } from '../../stores/dicom/dicom-instance-row.ts';
import { readFileMetaHeader } from '../../transforms/dicom/read-part10-header.ts';
import { transcodeNative } from '../../transforms/dicom/transcode-to-explicit-little-endian.ts';
import { isNativeTransferSyntax, TransferSyntax } from '../../transforms/dicom/transfer-syntax.ts';
import { Dataset } from './dcmjs-dimse.ts';

type Uncompressed = typeof TransferSyntax.ExplicitVRLittleEndian | typeof TransferSyntax.ImplicitVRLittleEndian;

export interface Part10Identity {
  sopClassUid: string;
  sopInstanceUid: string;
  transferSyntaxUid: string;
}

/**
 * A Part-10 file as dcmjs-dimse sends it in a C-STORE (C-MOVE and C-GET sub-operations, a
 * channel's `dimse` destination): the bytes are read only when the request is sent, and go
 * out exactly as stored, or re-encoded when the peer accepted only an uncompressed syntax.
 * dcmjs-dimse never parses or re-writes them.
 */
export class Part10Dataset extends Dataset {
  private sendAs: string;

  constructor(
    private readonly identity: Part10Identity,
    private readonly readFile: () => Buffer,
  ) {
    super({ SOPClassUID: identity.sopClassUid, SOPInstanceUID: identity.sopInstanceUid }, identity.transferSyntaxUid);
    this.sendAs = identity.transferSyntaxUid;
  }

  /** The syntaxes this instance can be sent in: as stored, or uncompressed when it is native. */
  sendableSyntaxes(): string[] {
    const stored = this.identity.transferSyntaxUid;
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
    let file = this.readFile();
    if (this.sendAs !== this.identity.transferSyntaxUid) file = transcodeNative(file, this.sendAs as Uncompressed);
    return file.subarray(readFileMetaHeader(file, true).datasetOffset);
  }
}

/** A stored instance, read from the blob store when sent. */
export function storedInstanceDataset(row: Pick<DicomInstanceRow, 'sop_class_uid' | 'sop_instance_uid' | 'transfer_syntax_uid' | 'blob_sha256'>, blobs: BlobStore): Part10Dataset {
  const identity = { sopClassUid: row.sop_class_uid, sopInstanceUid: row.sop_instance_uid, transferSyntaxUid: row.transfer_syntax_uid };
  return new Part10Dataset(identity, () => readFileSync(blobs.filePath(row.blob_sha256)));
}
