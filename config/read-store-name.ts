import type { EntryReader } from './entry-reader.ts';
import { RESOURCE_ID, RESOURCE_ID_RULE } from './id-patterns.ts';

export type StoreCollection = 'hl7V2Stores' | 'dicomStores' | 'fhirStores';

const KIND: Record<StoreCollection, string> = { hl7V2Stores: 'an HL7v2 store', dicomStores: 'a DICOM store', fhirStores: 'a FHIR store' };

/**
 * A store's resource name at `key`, with well-formed IDs and a location that is a
 * configured region (data may only land in a region this server holds); null when wrong.
 */
export function readStoreName(reader: EntryReader, key: string, collection: StoreCollection, regionNames: readonly string[], fallback?: string): string | null {
  const name = reader.text(key, undefined, fallback);
  if (name === null) return null;
  const problem = checkStoreName(name, collection, regionNames);
  return problem === null ? name : reader.problem(key, problem);
}

/** What is wrong with a store name, or null when it is right. */
export function checkStoreName(name: string, collection: StoreCollection, regionNames: readonly string[]): string | null {
  const collections = ['projects', 'locations', 'datasets', collection];
  const parts = name.split('/');
  if (parts.length !== 2 * collections.length || collections.some((c, i) => parts[2 * i] !== c)) {
    return `must be ${KIND[collection]} name, projects/{project}/locations/{location}/datasets/{dataset}/${collection}/{store}`;
  }
  const [project, location, dataset, store] = collections.map((_, i) => parts[2 * i + 1]);
  const ids: [string, string][] = [['project', project], ['dataset', dataset], ['store', store]];
  const badId = ids.find(([, id]) => !RESOURCE_ID.test(id));
  if (badId) return `the ${badId[0]} ID ${JSON.stringify(badId[1])} ${RESOURCE_ID_RULE}`;
  if (!regionNames.includes(location)) return `location ${location} is not a configured region; configured: ${regionNames.join(', ') || 'none'}`;
  return null;
}

/** Whether a store name is a DICOM store's (`.../dicomStores/{store}`): a channel's store destination is an HL7v2 or a DICOM store. */
export function isDicomStoreName(name: string): boolean {
  return name.split('/')[6] === 'dicomStores';
}
