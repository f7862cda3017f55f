/** Google resource names of the tree: projects/{p}/locations/{l}/datasets/{d}/{collection}/{s}. */
export type StoreType = 'fhir' | 'hl7v2' | 'dicom';

export const STORE_COLLECTIONS: Record<StoreType, string> = {
  fhir: 'fhirStores',
  hl7v2: 'hl7V2Stores',
  dicom: 'dicomStores',
};

export function datasetName(project: string, location: string, dataset: string): string {
  return `projects/${project}/locations/${location}/datasets/${dataset}`;
}

export function storeName(project: string, location: string, dataset: string, type: StoreType, store: string): string {
  return `${datasetName(project, location, dataset)}/${STORE_COLLECTIONS[type]}/${store}`;
}

export interface ParsedResourceName {
  project: string;
  location?: string;
  dataset?: string;
  storeType?: StoreType;
  store?: string;
}

/** Parse a project, dataset or store name; null when it is none of those. */
export function parseResourceName(name: string): ParsedResourceName | null {
  const parts = name.split('/');
  if (parts[0] !== 'projects' || !parts[1]) return null;
  if (parts.length === 2) return { project: parts[1] };
  if (parts.length < 6 || parts[2] !== 'locations' || parts[4] !== 'datasets') return null;
  const base = { project: parts[1], location: parts[3], dataset: parts[5] };
  if (parts.length === 6) return base;
  const storeType = (Object.keys(STORE_COLLECTIONS) as StoreType[]).find((t) => STORE_COLLECTIONS[t] === parts[6]);
  if (parts.length !== 8 || !storeType) return null;
  return { ...base, storeType, store: parts[7] };
}
