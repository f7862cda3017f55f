import { notFound } from '../../../engine/errors/api-error.ts';
import { deleteDicomInstances } from '../../../stores/dicom/delete-dicom-instances.ts';
import { deleteUnreferencedBlobs } from '../../../engine/regions/delete-unreferenced-blobs.ts';
import type { ApiRequest, ApiResponse, ApiRoute } from '../api-route.ts';
import { DICOMWEB, dicomWebRoute, requireDicomStore, scopeOf } from '../dicomweb-request.ts';

/**
 * DELETE of a study, series or instance: the index rows go in one commit with the audit
 * row, then the bytes of every blob nothing else refers to are erased.
 */
async function deleteScope(request: ApiRequest): Promise<ApiResponse> {
  const store = await requireDicomStore(request);
  const scope = scopeOf(request);
  const blobs = await request.commit((tx) => deleteDicomInstances(tx, store, scope));
  if (blobs.length === 0) throw notFound(`${scope.sopInstanceUid ? `instance ${scope.sopInstanceUid}` : scope.seriesUid ? `series ${scope.seriesUid}` : `study ${scope.studyUid}`} not found in this DICOM store`);
  await deleteUnreferencedBlobs(request.region!, blobs);
  return { body: {} };
}

export function dicomWebDeleteRoutes(): ApiRoute[] {
  return ['studies/{study}', 'studies/{study}/series/{series}', 'studies/{study}/series/{series}/instances/{instance}'].map((path) => ({
    ...dicomWebRoute,
    method: 'DELETE',
    pattern: `${DICOMWEB}/${path}`,
    permission: 'healthcare.dicomStores.dicomWebDelete',
    logType: 'DATA_WRITE',
    query: [],
    handler: deleteScope,
  }));
}
