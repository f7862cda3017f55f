import { readFile } from 'node:fs/promises';
import { ApiError } from '../../engine/errors/api-error.ts';
import type { BlobStore } from '../../engine/regions/blob-store.ts';
import type { DicomInstanceRow } from '../../stores/dicom/dicom-instance-row.ts';
import { decodeAllFrames, readStoredInstance } from '../../stores/dicom/read-stored-instance.ts';
import { DECODABLE_TRANSFER_SYNTAXES } from '../../transforms/dicom/decode-frame.ts';
import { transcodeNative, transcodeToExplicitLittleEndian } from '../../transforms/dicom/transcode-to-explicit-little-endian.ts';
import { isNativeTransferSyntax, TransferSyntax } from '../../transforms/dicom/transfer-syntax.ts';

export interface InstancePart {
  transferSyntax: string;
  open(): AsyncIterable<Buffer>;
}

/**
 * One instance in the transfer syntax a retrieve asked for: as stored for `*` or its own
 * syntax (streamed from disk); re-encoded, or decompressed (RLE, JPEG, JPEG-LS, JPEG 2000),
 * when Explicit VR Little Endian is asked for; otherwise 406 before anything is sent.
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
  if (transferSyntax === TransferSyntax.ExplicitVRLittleEndian && DECODABLE_TRANSFER_SYNTAXES.includes(stored)) {
    return {
      transferSyntax,
      async *open() {
        const instance = await readStoredInstance(blobs, row);
        const file = await readFile(blobs.filePath(row.blob_sha256));
        yield instance ? transcodeNative(file, transferSyntax, await decodeAllFrames(instance)) : transcodeNative(file, transferSyntax);
      },
    };
  }
  throw new ApiError(
    'NOT_ACCEPTABLE',
    `instance ${row.sop_instance_uid} is stored as ${stored} and cannot be given as ${transferSyntax}; ask for transfer-syntax=* (as stored) or transfer-syntax=${stored}`,
  );
}
