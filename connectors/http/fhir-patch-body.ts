import { ApiError, invalidArgument } from '../../engine/errors/api-error.ts';
import type { FhirResource } from '../../stores/fhir/fhir-resource.ts';
import { applyFhirPathPatch } from '../../stores/fhir/patch/apply-fhirpath-patch.ts';
import { applyJsonPatch } from '../../stores/fhir/patch/apply-json-patch.ts';

/**
 * A PATCH body as the function that applies it: `application/json-patch+json` is a JSON
 * Patch, `application/fhir+json` a Parameters resource holding a FHIRPath Patch.
 */
export function patchOf(contentType: string, body: Buffer | undefined): (current: FhirResource) => FhirResource {
  if (!body || body.length === 0) throw invalidArgument('PATCH needs a body: a JSON Patch or a FHIRPath Patch Parameters resource');
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw invalidArgument(`the body is not valid JSON: ${(error as Error).message}`);
  }
  return patchOfValue(contentType, parsed);
}

/** The same, for a value already parsed (a Bundle entry's Binary or Parameters resource). */
export function patchOfValue(contentType: string, patch: unknown): (current: FhirResource) => FhirResource {
  if (/application\/json-patch\+json/i.test(contentType)) return (current) => applyJsonPatch(current, patch);
  if (/application\/(fhir\+)?json/i.test(contentType) || contentType === '') return (current) => applyFhirPathPatch(current, patch);
  throw new ApiError('UNSUPPORTED_MEDIA_TYPE', 'PATCH takes application/json-patch+json (JSON Patch) or application/fhir+json (a FHIRPath Patch Parameters resource)');
}
