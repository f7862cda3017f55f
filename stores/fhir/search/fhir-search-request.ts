import type { SearchParameterType } from './fhir-search-parameters.ts';

export type SearchPrefix = 'eq' | 'ne' | 'gt' | 'lt' | 'ge' | 'le' | 'sa' | 'eb' | 'ap';

/** One parameter of a search: its values are ORed; the filters of a request are ANDed. */
export interface SearchFilter {
  code: string;
  type: SearchParameterType | 'id' | 'lastUpdated';
  modifier: string | null;
  values: string[];
}

export interface SortKey {
  code: string;
  descending: boolean;
}

/** `_include=Observation:subject[:Patient]` or, reversed, `_revinclude=Observation:subject`; `*` includes every reference. */
export interface IncludeRequest {
  type: string;
  code: string;
  target: string | null;
  iterate: boolean;
}

/** A search, parsed once from the query (Medplum's SearchRequest idea). */
export interface FhirSearchRequest {
  resourceType: string | null;
  /** `_type` on a system search. */
  types: string[];
  filters: SearchFilter[];
  sort: SortKey[];
  count: number;
  offset: number;
  total: 'none' | 'estimate' | 'accurate';
  summary: 'true' | 'false' | 'count' | 'text' | 'data' | null;
  elements: string[];
  include: IncludeRequest[];
  revinclude: IncludeRequest[];
  /** The highest resource key the first page saw, so later pages ignore newer resources. */
  snapshot: number | null;
}
