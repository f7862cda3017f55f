import { randomBytes } from 'node:crypto';
import { notFound } from '../../../engine/errors/api-error.ts';
import { BlobStore } from '../../../engine/regions/blob-store.ts';
import { readDicomFileHeader } from '../../../stores/dicom/read-dicom-file-header.ts';
import { readDicomInstances } from '../../../stores/dicom/read-dicom-instances.ts';
import type { ApiRequest, ApiResponse, ApiRoute } from '../api-route.ts';
import { DICOMWEB, dicomWebRoute, requireDicomStore, scopeOf } from '../dicomweb-request.ts';

const TAG_PATH = /^[0-9A-F]{8}(\/\d{1,6}\/[0-9A-F]{8})*$/;

/**
 * WADO-RS bulk data (PS3.18 10.4.1.1.5): the bytes of a value `/metadata` left out as a
 * BulkDataURI (`bulkdata/{tag}` or a path through sequence items), read from the stored
 * file's header. Pixel Data is served by `frames`.
 */
async function retrieveBulkData(request: ApiRequest): Promise<ApiResponse> {
  const store = await requireDicomStore(request);
  const scope = scopeOf(request);
  const path = request.params.path.toUpperCase();
  if (!TAG_PATH.test(path)) throw notFound(`bulkdata/${request.params.path.slice(0, 80)} names no attribute (a tag path such as 54000100/0/54001010)`);
  const [row] = await readDicomInstances(request.region!, store, scope, ['blob_sha256', 'size']);
  if (!row) throw notFound(`instance ${scope.sopInstanceUid} not found in this DICOM store`);
  let found: Buffer | null = null;
  const blobs = new BlobStore(request.region!.blobs);
  await readDicomFileHeader(blobs.filePath(row.blob_sha256), Number(row.size), (tagPath, bytes) => {
    if (tagPath === path) found = Buffer.from(bytes);
  });
  if (!found) throw notFound(`instance ${scope.sopInstanceUid} has no bulk data at ${path}${path.startsWith('7FE00010') ? ' (Pixel Data is retrieved with frames/{list})' : ''}`);
  const boundary = randomBytes(16).toString('hex');
  const body = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Type: application/octet-stream\r\n\r\n`), found, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return { headers: { 'content-type': `multipart/related; type="application/octet-stream"; boundary=${boundary}` }, body };
}

export function dicomWebBulkDataRoute(): ApiRoute {
  return {
    ...dicomWebRoute,
    method: 'GET',
    pattern: `${DICOMWEB}/studies/{study}/series/{series}/instances/{instance}/bulkdata/{path**}`,
    permission: 'healthcare.dicomStores.dicomWebRead',
    logType: 'DATA_READ',
    query: [],
    handler: retrieveBulkData,
  };
}
