import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { notFound } from '../../../engine/errors/api-error.ts';
import { BlobStore } from '../../../engine/regions/blob-store.ts';
import type { DicomInstanceRow } from '../../../stores/dicom/dicom-instance-row.ts';
import { INSTANCE_URL_PLACEHOLDER } from '../../../stores/dicom/read-dicom-file-header.ts';
import { readDicomInstances, type DicomScope } from '../../../stores/dicom/read-dicom-instances.ts';
import type { ApiRequest, ApiResponse, ApiRoute } from '../api-route.ts';
import { parseDicomAccept } from '../dicomweb-accept.ts';
import { DICOM_JSON, DICOMWEB, dicomWebBaseOf, dicomWebRoute, instanceUrl, requireDicomStore, scopeOf } from '../dicomweb-request.ts';
import { instanceInSyntax } from '../dicomweb-transcode.ts';

const LEVELS = ['studies/{study}', 'studies/{study}/series/{series}', 'studies/{study}/series/{series}/instances/{instance}'];

async function instancesOf(request: ApiRequest, columns?: string[]): Promise<{ rows: DicomInstanceRow[]; scope: DicomScope }> {
  const store = await requireDicomStore(request);
  const scope = scopeOf(request);
  const rows = await readDicomInstances(request.region!, store, scope, columns);
  if (rows.length === 0) throw notFound(`${scope.sopInstanceUid ? `instance ${scope.sopInstanceUid}` : scope.seriesUid ? `series ${scope.seriesUid}` : `study ${scope.studyUid}`} not found in this DICOM store`);
  return { rows, scope };
}

/**
 * WADO-RS retrieve (PS3.18 10.4): the instances as multipart/related parts, streamed from
 * the blob store. `transfer-syntax=*` gives each as stored, byte for byte; any other
 * syntax is produced or refused with 406 before the first byte is sent.
 */
async function retrieve(request: ApiRequest): Promise<ApiResponse> {
  const accept = parseDicomAccept(request.headers.accept);
  const { rows } = await instancesOf(request, ['id', 'study_uid', 'series_uid', 'sop_instance_uid', 'transfer_syntax_uid', 'blob_sha256', 'size']);
  const blobs = new BlobStore(request.region!.blobs);
  const parts = rows.map((row) => instanceInSyntax(row, accept.transferSyntax, blobs));
  const boundary = randomBytes(16).toString('hex');
  const base = dicomWebBaseOf(request);
  async function* body() {
    for (const [i, part] of parts.entries()) {
      yield Buffer.from(`--${boundary}\r\nContent-Type: application/dicom; transfer-syntax=${part.transferSyntax}\r\nContent-Location: ${instanceUrl(base, rows[i])}\r\n\r\n`);
      yield* part.open();
      yield Buffer.from('\r\n');
    }
    yield Buffer.from(`--${boundary}--\r\n`);
  }
  return {
    headers: { 'content-type': `multipart/related; type="application/dicom"; boundary=${boundary}` },
    body: Readable.from(body(), { objectMode: false }),
  };
}

/**
 * WADO-RS metadata: the stored DICOM JSON of each instance, BulkDataURIs made absolute,
 * streamed row by row (a 500-instance study is megabytes: no single string is built).
 */
async function metadata(request: ApiRequest): Promise<ApiResponse> {
  const { rows } = await instancesOf(request, ['study_uid', 'series_uid', 'sop_instance_uid', 'metadata']);
  const base = dicomWebBaseOf(request);
  const placeholder = `"${INSTANCE_URL_PLACEHOLDER}/`;
  function* body() {
    for (const [i, row] of rows.entries()) {
      const json = row.metadata.includes(placeholder) ? row.metadata.replaceAll(placeholder, `"${instanceUrl(base, row)}/`) : row.metadata;
      yield Buffer.from(`${i === 0 ? '[' : ','}${json}${i === rows.length - 1 ? ']' : ''}`);
    }
  }
  return { headers: { 'content-type': DICOM_JSON }, body: Readable.from(body(), { objectMode: false }) };
}

export function dicomWebWadoRoutes(): ApiRoute[] {
  return LEVELS.flatMap((path): ApiRoute[] => [
    { ...dicomWebRoute, method: 'GET', pattern: `${DICOMWEB}/${path}`, permission: 'healthcare.dicomStores.dicomWebRead', logType: 'DATA_READ', query: [], handler: retrieve },
    { ...dicomWebRoute, method: 'GET', pattern: `${DICOMWEB}/${path}/metadata`, permission: 'healthcare.dicomStores.dicomWebRead', logType: 'DATA_READ', query: [], handler: metadata },
  ]);
}

