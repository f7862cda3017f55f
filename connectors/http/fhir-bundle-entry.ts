import { invalidArgument } from '../../engine/errors/api-error.ts';
import type { FhirResource } from '../../stores/fhir/fhir-resource.ts';
import { parseCriteria } from '../../stores/fhir/find-conditional-matches.ts';
import { R4_RESOURCE_TYPES } from '../../transforms/validation/check-fhir-structure.ts';
import { isFhirId } from './fhir-request.ts';

export type BundleMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A Bundle entry's request, read once: what it does, to which type and id, under what condition. */
export interface BundleEntryRequest {
  index: number;
  fullUrl: string | null;
  method: BundleMethod;
  url: string;
  type: string;
  id: string | null;
  version: number | null;
  /** The query of a conditional or search URL (`Patient?identifier=...`); null when none. */
  criteria: Record<string, string | string[]> | null;
  ifNoneExist: Record<string, string | string[]> | null;
  ifMatch: number | undefined;
  resource: FhirResource | null;
}

const METHODS = new Set<BundleMethod>(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']);

/** Read entry `index` of a batch or transaction Bundle; `base` is the store's FHIR base URL. */
export function parseBundleEntry(entry: unknown, index: number, base: string): BundleEntryRequest {
  const where = `entry[${index}]`;
  if (typeof entry !== 'object' || entry === null) throw invalidArgument(`${where} is not an object`);
  const { fullUrl, resource, request } = entry as { fullUrl?: unknown; resource?: unknown; request?: Record<string, unknown> };
  if (typeof request !== 'object' || request === null) throw invalidArgument(`${where}.request is missing`);
  const method = String(request.method ?? '').toUpperCase() as BundleMethod;
  if (!METHODS.has(method)) throw invalidArgument(`${where}.request.method must be GET, HEAD, POST, PUT, PATCH or DELETE`);
  if (typeof request.url !== 'string' || request.url === '') throw invalidArgument(`${where}.request.url is missing`);
  let url = request.url;
  if (url.startsWith(`${base}/`)) url = url.slice(base.length + 1);
  if (/^[a-z]+:/i.test(url)) throw invalidArgument(`${where}.request.url ${url.slice(0, 80)} is not in this store`);
  const question = url.indexOf('?');
  const path = question < 0 ? url : url.slice(0, question);
  const segments = path.split('/').filter(Boolean);
  const type = segments[0] ?? '';
  if (!R4_RESOURCE_TYPES.has(type)) throw invalidArgument(`${where}.request.url does not start with a resource type: ${url.slice(0, 80)}`);
  if (segments[1] !== undefined && !isFhirId(segments[1])) throw invalidArgument(`${where}.request.url: '${segments[1].slice(0, 64)}' is not a valid FHIR id`);
  const needsResource = method === 'POST' || method === 'PUT' || method === 'PATCH';
  if (needsResource && (typeof resource !== 'object' || resource === null)) throw invalidArgument(`${where} (${method}) has no resource`);
  const ifMatchText = typeof request.ifMatch === 'string' ? /^(?:W\/)?"(\d{1,9})"$/.exec(request.ifMatch)?.[1] : undefined;
  if (typeof request.ifMatch === 'string' && ifMatchText === undefined) throw invalidArgument(`${where}.request.ifMatch must be an ETag such as W/"3"`);
  return {
    index,
    fullUrl: typeof fullUrl === 'string' ? fullUrl : null,
    method,
    url,
    type,
    id: segments[1] ?? null,
    version: segments[2] === '_history' && /^\d+$/.test(segments[3] ?? '') ? Number(segments[3]) : null,
    criteria: question < 0 ? null : parseCriteria(url.slice(question + 1)),
    ifNoneExist: typeof request.ifNoneExist === 'string' ? parseCriteria(request.ifNoneExist) : null,
    ifMatch: ifMatchText === undefined ? undefined : Number(ifMatchText),
    resource: needsResource ? (resource as FhirResource) : null,
  };
}

/** Where entries run in a transaction: DELETE, then POST, then PUT and PATCH, then GET and HEAD. */
export const TRANSACTION_ORDER: Record<BundleMethod, number> = { DELETE: 0, POST: 1, PUT: 2, PATCH: 2, GET: 3, HEAD: 3 };
