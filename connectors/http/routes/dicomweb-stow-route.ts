import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ApiError, invalidArgument } from '../../../engine/errors/api-error.ts';
import { BlobStore } from '../../../engine/regions/blob-store.ts';
import { DicomRefusal, FailureReason } from '../../../stores/dicom/dicom-refusal.ts';
import { storeDicomInstance } from '../../../stores/dicom/store-dicom-instance.ts';
import type { DicomJson, DicomJsonAttribute } from '../../../transforms/dicom/dicom-json.ts';
import type { ApiRequest, ApiResponse, ApiRoute } from '../api-route.ts';
import { DICOM_JSON, DICOMWEB, dicomWebBaseOf, dicomWebRoute, instanceUrl, requireDicomStore, scopeOf } from '../dicomweb-request.ts';
import { mediaTypeParameters, readMultipartParts } from '../multipart-related.ts';

interface Referenced {
  sopClassUid: string;
  sopInstanceUid: string;
  url: string;
}
interface Failed {
  sopClassUid?: string;
  sopInstanceUid?: string;
  reason: number;
  comment: string;
}

/**
 * STOW-RS (PS3.18 10.5): each part of a `multipart/related; type="application/dicom"` body
 * streams to disk and is stored on its own; the answer is the Store Instances Response
 * (ReferencedSOPSequence, FailedSOPSequence with a Failure Reason and an Error Comment),
 * 200 when all were stored, 202 when some failed, 409 when none was.
 */
async function storeInstances(request: ApiRequest): Promise<ApiResponse> {
  const store = await requireDicomStore(request);
  const { studyUid } = scopeOf(request);
  const { type, params } = mediaTypeParameters(String(request.headers['content-type'] ?? ''));
  if (type !== 'multipart/related' || (params.type !== undefined && params.type.toLowerCase() !== 'application/dicom')) {
    throw new ApiError('UNSUPPORTED_MEDIA_TYPE', `STOW-RS takes multipart/related; type="application/dicom", not ${String(request.headers['content-type'] ?? 'a body without Content-Type').slice(0, 100)}`);
  }
  if (!params.boundary) throw invalidArgument('the multipart/related Content-Type has no boundary parameter');
  const base = dicomWebBaseOf(request);
  const blobs = new BlobStore(request.region!.blobs);
  const referenced: Referenced[] = [];
  const failed: Failed[] = [];
  await readMultipartParts(request.stream as Readable, params.boundary, async (part) => {
    const partType = mediaTypeParameters(part.headers['content-type'] ?? 'application/dicom').type;
    if (partType !== 'application/dicom') {
      part.body.resume();
      failed.push({ reason: FailureReason.CannotUnderstand, comment: `a part of type ${partType.slice(0, 80)}: this server stores application/dicom parts` });
      return;
    }
    const upload = blobs.startUpload();
    try {
      await pipeline(part.body, upload);
    } catch (error) {
      await upload.discard();
      throw error;
    }
    const finished = await upload.finish();
    try {
      const stored = await storeDicomInstance({ region: request.region!, store, upload: finished, expectedStudyUid: studyUid, audit: (tx) => request.auditIn(tx) });
      referenced.push({ sopClassUid: stored.sopClassUid, sopInstanceUid: stored.sopInstanceUid, url: instanceUrl(base, { study_uid: stored.studyUid, series_uid: stored.seriesUid, sop_instance_uid: stored.sopInstanceUid }) });
    } catch (error) {
      if (!(error instanceof DicomRefusal)) throw error;
      failed.push({ sopClassUid: error.sopClassUid, sopInstanceUid: error.sopInstanceUid, reason: error.failureReason, comment: error.message });
    }
  });
  if (referenced.length === 0 && failed.length === 0) throw invalidArgument('the multipart body holds no instance');
  const status = failed.length === 0 ? 200 : referenced.length === 0 ? 409 : 202;
  return { status, headers: { 'content-type': DICOM_JSON }, body: storeResponse(referenced, failed, studyUid ? `${base}/studies/${studyUid}` : undefined) };
}

function storeResponse(referenced: Referenced[], failed: Failed[], studyUrl: string | undefined): DicomJson {
  const uid = (value: string | undefined): DicomJsonAttribute => (value ? { vr: 'UI', Value: [value] } : { vr: 'UI' });
  const response: DicomJson = {};
  if (studyUrl) response['00081190'] = { vr: 'UR', Value: [studyUrl] };
  if (failed.length > 0) {
    response['00081198'] = {
      vr: 'SQ',
      Value: failed.map((f) => ({ '00000902': { vr: 'LO', Value: [f.comment.slice(0, 1024)] }, '00081150': uid(f.sopClassUid), '00081155': uid(f.sopInstanceUid), '00081197': { vr: 'US', Value: [f.reason] } })),
    };
  }
  if (referenced.length > 0) {
    response['00081199'] = {
      vr: 'SQ',
      Value: referenced.map((r) => ({ '00081150': uid(r.sopClassUid), '00081155': uid(r.sopInstanceUid), '00081190': { vr: 'UR', Value: [r.url] } })),
    };
  }
  return response;
}

export function dicomWebStowRoutes(): ApiRoute[] {
  return ['studies', 'studies/{study}'].map((path) => ({
    ...dicomWebRoute,
    method: 'POST',
    pattern: `${DICOMWEB}/${path}`,
    permission: 'healthcare.dicomStores.dicomWebWrite',
    logType: 'DATA_WRITE',
    body: { kind: 'stream', limit: 'stow' },
    query: [],
    handler: storeInstances,
  }));
}
