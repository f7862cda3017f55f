import { randomBytes } from 'node:crypto';
import { ApiError, invalidArgument, notFound } from '../../../engine/errors/api-error.ts';
import { BlobStore } from '../../../engine/regions/blob-store.ts';
import { readDicomInstances } from '../../../stores/dicom/read-dicom-instances.ts';
import { readStoredInstance, renderAttributesOf, type StoredInstancePixels } from '../../../stores/dicom/read-stored-instance.ts';
import { decodeFrame } from '../../../transforms/dicom/decode-frame.ts';
import { DicomParseError } from '../../../transforms/dicom/dicom-parse-error.ts';
import { renderFrame, type RenderOptions } from '../../../transforms/dicom/render-frame.ts';
import { mediaTypeParameters } from '../multipart-related.ts';
import type { ApiRequest, ApiResponse, ApiRoute } from '../api-route.ts';
import { FRAME_MEDIA_TYPES, parseFrameAccept } from '../dicomweb-frame-accept.ts';
import { DICOMWEB, dicomWebRoute, requireDicomStore, scopeOf } from '../dicomweb-request.ts';

const INSTANCE = `${DICOMWEB}/studies/{study}/series/{series}/instances/{instance}`;
const FRAME_LIST = /^[1-9]\d{0,8}(,[1-9]\d{0,8})*$/;

async function instancePixels(request: ApiRequest): Promise<StoredInstancePixels> {
  const store = await requireDicomStore(request);
  const scope = scopeOf(request);
  const [row] = await readDicomInstances(request.region!, store, scope, ['blob_sha256', 'sop_instance_uid']);
  if (!row) throw notFound(`instance ${scope.sopInstanceUid} not found in this DICOM store`);
  try {
    const pixels = await readStoredInstance(new BlobStore(request.region!.blobs), row);
    if (!pixels) throw invalidArgument(`instance ${scope.sopInstanceUid} has no image pixel data`);
    return pixels;
  } catch (error) {
    if (error instanceof DicomParseError) throw new ApiError('FAILED_PRECONDITION', `the pixel data of instance ${scope.sopInstanceUid} cannot be read: ${error.message}`);
    throw error;
  }
}

function frameNumbers(request: ApiRequest, count: number): number[] {
  const numbers = request.params.frames.split(',').map(Number);
  const missing = numbers.find((n) => n > count);
  if (missing !== undefined) throw notFound(`frame ${missing} does not exist: the instance has ${count} frame${count === 1 ? '' : 's'}`);
  return numbers;
}

/** WADO-RS frames (PS3.18 10.4.1.1.3): native pixels by default, or the frames as stored. */
async function retrieveFrames(request: ApiRequest): Promise<ApiResponse> {
  const instance = await instancePixels(request);
  const answer = parseFrameAccept(request.headers.accept, instance.transferSyntaxUid);
  const numbers = frameNumbers(request, instance.frames.frames.length);
  const parts: Array<{ type: string; bytes: Buffer }> = [];
  for (const n of numbers) {
    const frame = instance.frames.frames[n - 1];
    if (answer.asStored) {
      const type = instance.frames.encapsulated ? FRAME_MEDIA_TYPES[instance.transferSyntaxUid] : 'application/octet-stream';
      parts.push({ type: `${type}; transfer-syntax=${instance.transferSyntaxUid}`, bytes: frame });
    } else {
      parts.push({ type: 'application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1', bytes: (await decoded(instance, frame)).pixels });
    }
  }
  const boundary = randomBytes(16).toString('hex');
  const body = Buffer.concat([...parts.flatMap((p) => [Buffer.from(`--${boundary}\r\nContent-Type: ${p.type}\r\n\r\n`), p.bytes, Buffer.from('\r\n')]), Buffer.from(`--${boundary}--\r\n`)]);
  const type = answer.asStored && instance.frames.encapsulated ? FRAME_MEDIA_TYPES[instance.transferSyntaxUid] : 'application/octet-stream';
  return { headers: { 'content-type': `multipart/related; type="${type}"; boundary=${boundary}` }, body };
}

async function decoded(instance: StoredInstancePixels, frame: Buffer) {
  try {
    return await decodeFrame(instance.transferSyntaxUid, frame, instance.info);
  } catch (error) {
    if (error instanceof DicomParseError) throw new ApiError('NOT_ACCEPTABLE', `the frame cannot be decoded: ${error.message}; ask for it as stored (transfer-syntax=*)`);
    throw error;
  }
}

/** WADO-RS rendered (PS3.18 10.4.1.1.4): one frame as image/jpeg (default) or image/png, with `window` and `quality`. */
async function rendered(request: ApiRequest): Promise<ApiResponse> {
  const options = renderOptions(request);
  const instance = await instancePixels(request);
  const [n] = request.params.frames ? frameNumbers(request, instance.frames.frames.length) : [1];
  const frame = await decoded(instance, instance.frames.frames[n - 1]);
  try {
    const image = await renderFrame(frame, instance.info, renderAttributesOf(instance.header), options);
    return { headers: { 'content-type': `image/${options.format}` }, body: image };
  } catch (error) {
    if (error instanceof DicomParseError) throw new ApiError('NOT_ACCEPTABLE', error.message);
    throw error;
  }
}

function renderOptions(request: ApiRequest): RenderOptions {
  const accept = String(request.headers.accept ?? 'image/jpeg');
  const types = accept.split(',').map((range) => mediaTypeParameters(range).type);
  const format = types.find((t) => t === 'image/jpeg' || t === 'image/png' || t === 'image/*' || t === '*/*');
  if (!format) throw new ApiError('NOT_ACCEPTABLE', `rendered frames are image/jpeg or image/png, not ${accept.slice(0, 100)}`);
  const quality = request.query.quality === undefined ? 90 : Number(request.query.quality);
  if (!Number.isInteger(quality) || quality < 1 || quality > 100) throw invalidArgument('quality must be an integer from 1 to 100');
  const window = request.query.window === undefined ? undefined : parseWindow(String(request.query.window));
  return { format: format === 'image/png' ? 'png' : 'jpeg', quality, window };
}

/** `window=center,width[,linear]` (PS3.18 8.3.5.1.4). */
function parseWindow(value: string): { center: number; width: number } {
  const [center, width, fn] = value.split(',');
  if (!Number.isFinite(Number(center)) || !(Number(width) >= 1) || (fn !== undefined && fn.toLowerCase() !== 'linear')) {
    throw invalidArgument(`window must be center,width[,linear] with a width of at least 1, not "${value.slice(0, 40)}"`);
  }
  return { center: Number(center), width: Number(width) };
}

export function dicomWebFrameRoutes(): ApiRoute[] {
  const read = { ...dicomWebRoute, method: 'GET', permission: 'healthcare.dicomStores.dicomWebRead', logType: 'DATA_READ', paramPatterns: { frames: FRAME_LIST } } as const;
  return [
    { ...read, pattern: `${INSTANCE}/frames/{frames}`, query: [], handler: retrieveFrames },
    { ...read, pattern: `${INSTANCE}/frames/{frames}/rendered`, query: ['window', 'quality'], handler: rendered },
    { ...read, pattern: `${INSTANCE}/rendered`, query: ['window', 'quality'], handler: rendered },
  ];
}
