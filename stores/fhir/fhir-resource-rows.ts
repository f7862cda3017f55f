import type { StoredFhirResource } from './fhir-resource.ts';

/** A `fhir_resource_versions` row (with `resource_pk`) as both dialects return it. */
export interface FhirVersionRow {
  resource_pk: number | string;
  resource_type: string;
  resource_id: string;
  version_id: number | string;
  last_updated_ms: number | string;
  method: string;
  deleted: boolean | number;
  content: string | null;
}

export function fromFhirVersionRow(row: FhirVersionRow): StoredFhirResource {
  return {
    pk: Number(row.resource_pk),
    resourceType: row.resource_type,
    id: row.resource_id,
    versionId: Number(row.version_id),
    lastUpdated: new Date(Number(row.last_updated_ms)).toISOString(),
    deleted: Boolean(row.deleted),
    method: row.method,
    json: row.content,
  };
}

export const VERSION_COLUMNS = ['resource_pk', 'resource_type', 'resource_id', 'version_id', 'last_updated_ms', 'method', 'deleted', 'content'].map((c) => `v.${c}`);
