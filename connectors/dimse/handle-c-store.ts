import { BlobStore } from '../../engine/regions/blob-store.ts';
import type { BlobUpload } from '../../engine/regions/blob-upload.ts';
import { DicomRefusal } from '../../stores/dicom/dicom-refusal.ts';
import { storeDicomInstance } from '../../stores/dicom/store-dicom-instance.ts';
import { writeFileMeta } from '../../transforms/dicom/write-file-meta.ts';
import { constants, responses, type CStoreRequestType } from './dcmjs-dimse.ts';
import { dimseAuditEntry, type AssociationPeer, type DimseContext } from './dimse-context.ts';
import { refusal } from './resolve-retrieve.ts';

/**
 * Begin receiving a C-STORE data set: a Part-10 file meta header built from the request
 * and the presentation context, then the data set's bytes as they arrive, to a temp file.
 */
export function startCStoreUpload(context: DimseContext, request: CStoreRequestType, transferSyntaxUid: string, peer: AssociationPeer): BlobUpload {
  const upload = new BlobStore(context.storeTarget.region.blobs).startUpload(context.maxInstanceBytes);
  upload.write(
    writeFileMeta({
      mediaStorageSopClassUid: request.getAffectedSopClassUid(),
      mediaStorageSopInstanceUid: request.getAffectedSopInstanceUid(),
      transferSyntaxUid,
      sourceApplicationEntityTitle: peer.callingAeTitle,
    }),
  );
  return upload;
}

/**
 * Finish a C-STORE: store the received instance and answer Success only once it is
 * committed. Content refusals answer their failure status (0110 for a conflicting SOP
 * Instance, A900, C000) with an Error Comment; a store or database failure answers A700
 * (Out of Resources) so the sender retries.
 */
export async function finishCStore(context: DimseContext, request: CStoreRequestType, upload: BlobUpload, peer: AssociationPeer, sequence: number) {
  const response = responses.CStoreResponse.fromRequest(request);
  const finished = await upload.finish().catch(async (error: unknown) => {
    await upload.discard();
    if (upload.overLimit) return null;
    throw error;
  });
  if (!finished) {
    context.audit.record(context.storeTarget.region, dimseAuditEntry(peer, 'C-STORE', 'healthcare.dicomStores.dicomWebWrite', context.storeTarget.name, 413, sequence));
    return refusal(response, 0xa700, `the instance exceeds the ${context.maxInstanceBytes}-byte limit`);
  }
  const entry = (status: number) => dimseAuditEntry(peer, 'C-STORE', 'healthcare.dicomStores.dicomWebWrite', context.storeTarget.name, status, sequence);
  try {
    const store = await context.storeTarget.resolve();
    if (!store) {
      await new BlobStore(context.storeTarget.region.blobs).discard(finished);
      return refusal(response, constants.Status.ProcessingFailure, `store ${context.storeTarget.name} does not exist`);
    }
    // Resolves once the group commit is durable.
    await storeDicomInstance({ region: context.storeTarget.region, store, upload: finished, audit: (tx) => context.audit.recordIn(tx, entry(200)) });
    response.setStatus(constants.Status.Success);
    return response;
  } catch (error) {
    if (error instanceof DicomRefusal) {
      context.audit.record(context.storeTarget.region, entry(error.failureReason === 0x0110 ? 409 : 400));
      return refusal(response, error.failureReason, error.failureReason === 0x0110 ? 'SOP Instance UID stored already with other content' : error.message);
    }
    context.logger.error({ err: error, associationId: peer.associationId }, 'C-STORE failed; answering A700 so the sender retries');
    context.audit.record(context.storeTarget.region, entry(503));
    return refusal(response, 0xa700, 'the instance could not be stored; send it again later');
  }
}

