import type { OperationContext, OperationHandler } from '../../engine/operations/operation-handler.ts';
import { deleteUnreferencedBlobs } from '../../engine/regions/delete-unreferenced-blobs.ts';
import { runTransaction } from '../../engine/regions/run-transaction.ts';
import { KnexStoreRepository } from '../datasets/store-repository.ts';
import { deleteDicomInstances } from './delete-dicom-instances.ts';

/** The operation kind of a study or series DELETE (Google's DeleteStudy and DeleteSeries). */
export const DICOM_DELETE_KIND = 'dicom-delete';

/** What the operation is asked to delete. */
export interface DicomDeleteRequest {
  dicomStore: string;
  studyUid: string;
  seriesUid?: string;
}

/** Instances deleted per transaction: each batch commits and frees its bytes before the next. */
const BATCH = 500;

/**
 * Delete a study's or a series' instances in batches, each batch's index rows in one
 * commit, then the bytes no other instance or journal row refers to. A restarted operation
 * (after a crash) carries on with what is left; its counter counts on from the checkpoint.
 * A store deleted meanwhile took its instances with it: the operation succeeds.
 */
export function deleteDicomScopeOperation(batch = BATCH): OperationHandler {
  return async (context: OperationContext) => {
    const { operation, region } = context;
    const request = operation.request as DicomDeleteRequest;
    const store = await new KnexStoreRepository(region).get(operation.project, operation.dataset, 'dicom', request.dicomStore);
    let deleted = typeof context.checkpoint === 'number' ? context.checkpoint : 0;
    const scope = { studyUid: request.studyUid, seriesUid: request.seriesUid };
    while (store) {
      const blobs = await runTransaction(region, (tx) => deleteDicomInstances(tx, store, scope, batch));
      if (blobs.length === 0) break;
      await deleteUnreferencedBlobs(region, blobs);
      deleted += blobs.length;
      await context.saveProgress({ counter: { success: deleted, failure: 0, pending: 0 }, checkpoint: deleted });
    }
    return undefined;
  };
}
