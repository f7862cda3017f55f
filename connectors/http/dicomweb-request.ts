import { invalidArgument } from '../../engine/errors/api-error.ts';
import type { StoreRecord } from '../../stores/datasets/store-repository.ts';
import type { DicomScope } from '../../stores/dicom/read-dicom-instances.ts';
import type { ApiRequest } from './api-route.ts';
import { requireStore } from './routes/require-store.ts';

export const DICOMWEB = 'projects/{project}/locations/{location}/datasets/{dataset}/dicomStores/{dicomStore}/dicomWeb';
export const DICOM_JSON = 'application/dicom+json';
export const dicomWebRoute = { service: 'dicom' } as const;

const UID = /^[0-9]+(\.[0-9]+)*$/;

export function requireDicomStore(request: ApiRequest): Promise<StoreRecord> {
  return requireStore(request, 'dicom', request.params.dicomStore);
}

/** The study, series and instance the path names, each checked to be a UID. */
export function scopeOf(request: ApiRequest): DicomScope {
  const { study, series, instance } = request.params;
  for (const [name, value] of [['study', study], ['series', series], ['instance', instance]] as const) {
    if (value !== undefined && (!UID.test(value) || value.length > 64)) throw invalidArgument(`the ${name} in the path, "${value.slice(0, 80)}", is not a DICOM UID`);
  }
  return { studyUid: study, seriesUid: series, sopInstanceUid: instance };
}

/** `https://host/v1/projects/.../dicomWeb`, where RetrieveURLs start. */
export function dicomWebBaseOf(request: ApiRequest): string {
  const { project, location, dataset, dicomStore } = request.params;
  return `${request.baseUrl}projects/${project}/locations/${location}/datasets/${dataset}/dicomStores/${dicomStore}/dicomWeb`;
}

export function instanceUrl(base: string, row: { study_uid: string; series_uid: string; sop_instance_uid: string }): string {
  return `${base}/studies/${row.study_uid}/series/${row.series_uid}/instances/${row.sop_instance_uid}`;
}
