import type { BlobUpload } from '../../engine/regions/blob-upload.ts';
import { writeFileMeta } from '../../transforms/dicom/write-file-meta.ts';
import { responses, type CStoreRequestType } from './dcmjs-dimse.ts';
import type { AssociationPeer, DimseContext } from './dimse-context.ts';
import { refusal } from './resolve-retrieve.ts';

/**
 * Begin receiving a C-STORE data set: a Part-10 file meta header built from the request
 * and the presentation context, then the data set's bytes as they arrive, to a temp file.
 * The header names no Source AE Title (the journal and the audit log name the sender), so
 * one data set sent by two AEs is the same bytes: stored once, a success both times.
 */
export function startCStoreUpload(context: DimseContext, request: CStoreRequestType, transferSyntaxUid: string): BlobUpload {
  const upload = context.storage.blobs.startUpload(context.maxInstanceBytes);
  upload.write(
    writeFileMeta({
      mediaStorageSopClassUid: request.getAffectedSopClassUid(),
      mediaStorageSopInstanceUid: request.getAffectedSopInstanceUid(),
      transferSyntaxUid,
    }),
  );
  return upload;
}

/**
 * Finish a C-STORE: hand the received instance to the listener's target (a DICOM store or
 * a channel), which answers Success only once it is committed. An instance past the size
 * limit is dropped and answered A700 naming the limit.
 */
export async function finishCStore(context: DimseContext, request: CStoreRequestType, upload: BlobUpload, peer: AssociationPeer, sequence: number) {
  const response = responses.CStoreResponse.fromRequest(request);
  const finished = await upload.finish().catch(async (error: unknown) => {
    await upload.discard();
    if (upload.overLimit) return null;
    throw error;
  });
  if (!finished) {
    context.storage.recordRefusal(peer, sequence, 413);
    return refusal(response, 0xa700, `the instance exceeds the ${context.maxInstanceBytes}-byte limit`);
  }
  const outcome = await context.storage.store(finished, peer, sequence);
  if (outcome.comment === undefined) {
    response.setStatus(outcome.status);
    return response;
  }
  return refusal(response, outcome.status, outcome.comment);
}
