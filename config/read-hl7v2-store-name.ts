import type { EntryReader } from './entry-reader.ts';
import { RESOURCE_ID, RESOURCE_ID_RULE } from './id-patterns.ts';

const COLLECTIONS = ['projects', 'locations', 'datasets', 'hl7V2Stores'];
const NAME_RULE = 'must be an HL7v2 store name, projects/{project}/locations/{location}/datasets/{dataset}/hl7V2Stores/{store}';

/**
 * An HL7v2 store's resource name at `key`, with well-formed IDs and a location that is a
 * configured region (data may only land in a region this server holds); null when wrong.
 */
export function readHl7v2StoreName(reader: EntryReader, key: string, regionNames: readonly string[]): string | null {
  const name = reader.text(key);
  if (name === null) return null;
  const problem = checkHl7v2StoreName(name, regionNames);
  return problem === null ? name : reader.problem(key, problem);
}

/** What is wrong with an HL7v2 store name, or null when it is right. */
export function checkHl7v2StoreName(name: string, regionNames: readonly string[]): string | null {
  const parts = name.split('/');
  if (parts.length !== 2 * COLLECTIONS.length || COLLECTIONS.some((collection, i) => parts[2 * i] !== collection)) return NAME_RULE;
  const [project, location, dataset, store] = COLLECTIONS.map((_, i) => parts[2 * i + 1]);
  const ids: [string, string][] = [['project', project], ['dataset', dataset], ['store', store]];
  const badId = ids.find(([, id]) => !RESOURCE_ID.test(id));
  if (badId) return `the ${badId[0]} ID ${JSON.stringify(badId[1])} ${RESOURCE_ID_RULE}`;
  if (!regionNames.includes(location)) return `location ${location} is not a configured region; configured: ${regionNames.join(', ') || 'none'}`;
  return null;
}
