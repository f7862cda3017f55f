import { ApiError, invalidArgument } from '../../engine/errors/api-error.ts';
import type { StoreRecord } from '../../stores/datasets/store-repository.ts';
import type { FhirResource, StoredFhirResource } from '../../stores/fhir/fhir-resource.ts';
import { checkFhirStructure, R4_RESOURCE_TYPES } from '../../transforms/validation/check-fhir-structure.ts';
import type { ApiRequest, ApiResponse } from './api-route.ts';
import { FHIR_JSON, operationOutcome } from './operation-outcome.ts';
import { requireStore } from './routes/require-store.ts';

const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

export function requireFhirStore(request: ApiRequest): Promise<StoreRecord> {
  refuseXml(request);
  return requireStore(request, 'fhir', request.params.fhirStore);
}

/** The store's FHIR base URL: `https://host/v1/projects/.../fhirStores/s/fhir`. */
export function fhirBase(request: ApiRequest, store: StoreRecord): string {
  return `${request.baseUrl}projects/${store.project}/locations/${store.location}/datasets/${store.datasetId}/fhirStores/${store.storeId}/fhir`;
}

/** This server answers JSON only: an XML `Accept` or `_format` is a 406, an XML body a 415. */
function refuseXml(request: ApiRequest): void {
  const format = request.query._format;
  const accept = String(request.headers.accept ?? '');
  if ((typeof format === 'string' && /xml/i.test(format)) || (/xml/i.test(accept) && !/json|\*\/\*/i.test(accept))) {
    throw new ApiError('NOT_ACCEPTABLE', 'this server answers FHIR in JSON only (application/fhir+json); XML is not supported');
  }
  if (/xml/i.test(String(request.headers['content-type'] ?? ''))) {
    throw new ApiError('UNSUPPORTED_MEDIA_TYPE', 'this server takes FHIR in JSON only (application/fhir+json); XML is not supported');
  }
}

export function assertResourceType(type: string): void {
  if (!R4_RESOURCE_TYPES.has(type)) throw new ApiError('NOT_FOUND', `'${type.slice(0, 64)}' is not a FHIR R4 resource type`);
}

export function isFhirId(id: string): boolean {
  return FHIR_ID.test(id);
}

export function assertFhirId(id: string): void {
  if (!isFhirId(id)) throw invalidArgument(`'${id.slice(0, 64)}' is not a valid FHIR id: 1 to 64 of A-Z, a-z, 0-9, '-' and '.'`);
}

/** The request body as a resource of `type`: well-formed JSON, that type, no unknown elements. */
export function parseFhirResource(request: ApiRequest, type: string): FhirResource {
  const buffer = request.body as Buffer | undefined;
  if (!buffer || buffer.length === 0) throw invalidArgument(`the body must be a ${type} resource in JSON`);
  let resource: unknown;
  try {
    resource = JSON.parse(buffer.toString('utf8'));
  } catch (error) {
    throw invalidArgument(`the body is not valid JSON: ${(error as Error).message}`);
  }
  const issues = checkFhirStructure(resource);
  if (issues.length > 0) throw new ApiError('INVALID_ARGUMENT', `the ${type} is not valid FHIR R4: ${issues[0].location}: ${issues[0].message}`, issues);
  const parsed = resource as FhirResource;
  if (parsed.resourceType !== type) throw invalidArgument(`the body is a ${parsed.resourceType}, but the URL names ${type}`);
  if (parsed.id !== undefined && (typeof parsed.id !== 'string' || !FHIR_ID.test(parsed.id))) throw invalidArgument('resource id is not a valid FHIR id');
  return parsed;
}

/** `If-Match: W/"3"` as 3; undefined when absent. */
export function parseIfMatch(request: ApiRequest): number | undefined {
  const header = request.headers['if-match'];
  if (header === undefined) return undefined;
  const m = /^(?:W\/)?"(\d{1,9})"$/.exec(String(header).trim());
  if (!m) throw invalidArgument(`If-Match must be an ETag such as W/"3", not ${String(header).slice(0, 40)}`);
  return Number(m[1]);
}

export function versionHeaders(request: ApiRequest, store: StoreRecord, stored: StoredFhirResource): Record<string, string> {
  return {
    etag: `W/"${stored.versionId}"`,
    'last-modified': new Date(stored.lastUpdated).toUTCString(),
    'content-location': `${fhirBase(request, store)}/${stored.resourceType}/${stored.id}/_history/${stored.versionId}`,
  };
}

/** A resource answer: the JSON as stored (no re-serialization), with its version headers. */
export function resourceResponse(request: ApiRequest, store: StoreRecord, stored: StoredFhirResource, status = 200): ApiResponse {
  return { status, headers: { 'content-type': FHIR_JSON, ...versionHeaders(request, store, stored) }, body: stored.json ?? '' };
}

/** A write's answer as the client's `Prefer: return=` asks: the resource, nothing, or an OperationOutcome. */
export function writeResponse(request: ApiRequest, store: StoreRecord, stored: StoredFhirResource, status: number, message: string): ApiResponse {
  const headers: Record<string, string> = { ...versionHeaders(request, store, stored) };
  if (status === 201) headers.location = headers['content-location'];
  const prefer = /return=(minimal|representation|OperationOutcome)/i.exec(String(request.headers.prefer ?? ''))?.[1]?.toLowerCase();
  if (prefer === 'minimal') return { status, headers };
  if (prefer === 'operationoutcome') return { status, headers: { ...headers, 'content-type': FHIR_JSON }, body: operationOutcome(status, message, 'information') };
  return { status, headers: { ...headers, 'content-type': FHIR_JSON }, body: stored.json ?? '' };
}
