import { readFile } from 'node:fs/promises';
import { ApiError } from '../../engine/errors/api-error.ts';
import type { BlobStore } from '../../engine/regions/blob-store.ts';
import type { DicomInstanceRow } from '../../stores/dicom/dicom-instance-row.ts';
import { transcodeToExplicitLittleEndian } from '../../transforms/dicom/transcode-to-explicit-little-endian.ts';
import { isNativeTransferSyntax, TransferSyntax } from '../../transforms/dicom/transfer-syntax.ts';

export interface InstancePart {
  transferSyntax: string;
  open(): AsyncIterable<Buffer>;
}

/**
 * One instance in the transfer syntax a retrieve asked for: as stored for `*` or its own
 * syntax (streamed from disk), re-encoded when it is native and Explicit VR Little Endian
 * is asked for; otherwise 406 before anything is sent.
 */
export function instanceInSyntax(row: DicomInstanceRow, transferSyntax: string, blobs: BlobStore): InstancePart {
  const stored = row.transfer_syntax_uid;
  if (transferSyntax === '*' || transferSyntax === stored) return { transferSyntax: stored, open: () => blobs.openRead(row.blob_sha256) };
  if (transferSyntax === TransferSyntax.ExplicitVRLittleEndian && isNativeTransferSyntax(stored)) {
    return {
      transferSyntax,
      async *open() {
        yield transcodeToExplicitLittleEndian(await readFile(blobs.filePath(row.blob_sha256)));
      },
    };
  }
  throw new ApiError(
    'NOT_ACCEPTABLE',
    `instance ${row.sop_instance_uid} is stored as ${stored} and cannot be given as ${transferSyntax}; ask for transfer-syntax=* (as stored) or transfer-syntax=${stored}`,
  );
}
