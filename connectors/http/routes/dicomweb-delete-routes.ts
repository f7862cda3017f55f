import { notFound } from '../../../engine/errors/api-error.ts';
import { toOperationJson } from '../../../engine/operations/operation-json.ts';
import type { OperationStore } from '../../../engine/operations/operation-store.ts';
import { deleteUnreferencedBlobs } from '../../../engine/regions/delete-unreferenced-blobs.ts';
import { DICOM_DELETE_KIND, type DicomDeleteRequest } from '../../../stores/dicom/delete-dicom-scope-operation.ts';
import { deleteDicomInstances } from '../../../stores/dicom/delete-dicom-instances.ts';
import { type DicomScope, hasDicomInstances } from '../../../stores/dicom/read-dicom-instances.ts';
import type { ApiRequest, ApiResponse, ApiRoute } from '../api-route.ts';
import { DICOMWEB, dicomWebRoute, requireDicomStore, scopeOf } from '../dicomweb-request.ts';

export interface DicomWebDeleteDeps {
  operations: OperationStore;
}

const DICOM_WEB_SERVICE = 'google.cloud.healthcare.v1.dicom.DicomWebService';

function describe(scope: DicomScope): string {
  return scope.sopInstanceUid ? `instance ${scope.sopInstanceUid}` : scope.seriesUid ? `series ${scope.seriesUid}` : `study ${scope.studyUid}`;
}

/**
 * DELETE of an instance: its index row goes in one commit with the audit row, then its
 * bytes are erased once nothing else refers to them. The answer is empty, as Google's.
 */
async function deleteInstance(request: ApiRequest): Promise<ApiResponse> {
  const store = await requireDicomStore(request);
  const scope = scopeOf(request);
  const blobs = await request.commit((tx) => deleteDicomInstances(tx, store, scope));
  if (blobs.length === 0) throw notFound(`${describe(scope)} not found in this DICOM store`);
  await deleteUnreferencedBlobs(request.region!, blobs);
  return { body: {} };
}

/**
 * DELETE of a study or a series is a long-running operation, as in Google's API
 * (DeleteStudy, DeleteSeries): the answer is the Operation, created in one commit with the
 * audit row, and the instances are deleted in batches by the operation runner
 * (stores/dicom/delete-dicom-scope-operation.ts). Nothing to delete is a 404 at once.
 */
function deleteStudyOrSeries(deps: DicomWebDeleteDeps) {
  return async (request: ApiRequest): Promise<ApiResponse> => {
    const store = await requireDicomStore(request);
    const scope = scopeOf(request);
    const region = request.region!;
    if (!(await hasDicomInstances(region, store, scope))) throw notFound(`${describe(scope)} not found in this DICOM store`);
    const { project, dataset, dicomStore } = request.params;
    const operationRequest: DicomDeleteRequest = { dicomStore, studyUid: scope.studyUid!, ...(scope.seriesUid ? { seriesUid: scope.seriesUid } : {}) };
    const operation = await request.transact((trx) => deps.operations.create(region, {
      project,
      dataset,
      apiMethodName: `${DICOM_WEB_SERVICE}.${scope.seriesUid ? 'DeleteSeries' : 'DeleteStudy'}`,
      kind: DICOM_DELETE_KIND,
      request: operationRequest,
    }, trx));
    return { body: toOperationJson(operation) };
  };
}

export function dicomWebDeleteRoutes(deps: DicomWebDeleteDeps): ApiRoute[] {
  const route = { ...dicomWebRoute, method: 'DELETE', permission: 'healthcare.dicomStores.dicomWebDelete', logType: 'DATA_WRITE', query: [] } as const;
  return [
    { ...route, pattern: `${DICOMWEB}/studies/{study}`, handler: deleteStudyOrSeries(deps) },
    { ...route, pattern: `${DICOMWEB}/studies/{study}/series/{series}`, handler: deleteStudyOrSeries(deps) },
    { ...route, pattern: `${DICOMWEB}/studies/{study}/series/{series}/instances/{instance}`, handler: deleteInstance },
  ];
}
