/** What one resource contributes to each search index table (columns as in the migration). */
export interface SearchIndexRows {
  string: Array<{ code: string; value: string; exact: string }>;
  token: Array<{ code: string; system: string | null; value: string }>;
  reference: Array<{ code: string; target_type: string | null; target_id: string | null; url: string }>;
  date: Array<{ code: string; low: number; high: number }>;
  number: Array<{ code: string; low: number; high: number }>;
  quantity: Array<{ code: string; system: string | null; unit: string | null; low: number; high: number }>;
  uri: Array<{ code: string; value: string }>;
}

export type SearchIndexTable = keyof SearchIndexRows;

export const SEARCH_INDEX_TABLES: readonly SearchIndexTable[] = ['string', 'token', 'reference', 'date', 'number', 'quantity', 'uri'];

export function emptySearchIndexRows(): SearchIndexRows {
  return { string: [], token: [], reference: [], date: [], number: [], quantity: [], uri: [] };
}

/** The table of a search parameter type. */
export function indexTableOf(table: SearchIndexTable): string {
  return `fhir_index_${table}`;
}
