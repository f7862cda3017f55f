/** A FHIR resource as JSON: only what the store itself reads is typed. */
export interface FhirResource {
  resourceType: string;
  id?: string;
  meta?: FhirMeta;
  [element: string]: unknown;
}

export interface FhirMeta {
  versionId?: string;
  lastUpdated?: string;
  [element: string]: unknown;
}

/** One version of a resource as the store keeps it. */
export interface StoredFhirResource {
  /** `fhir_resources` key of the resource (all its versions share it). */
  pk: number;
  resourceType: string;
  id: string;
  versionId: number;
  lastUpdated: string;
  deleted: boolean;
  /** The interaction that made this version: POST, PUT, PATCH or DELETE. */
  method: string;
  /** The resource JSON, meta included; null for a deleted version. */
  json: string | null;
}

/** The resource of a stored version, parsed; null for a tombstone. */
export function resourceOf(stored: StoredFhirResource): FhirResource | null {
  return stored.json === null ? null : (JSON.parse(stored.json) as FhirResource);
}
