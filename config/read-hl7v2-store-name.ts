import type { EntryReader } from './entry-reader.ts';
import { checkStoreName, readStoreName } from './read-store-name.ts';

/** An HL7v2 store's resource name at `key` (see read-store-name.ts); null when wrong. */
export function readHl7v2StoreName(reader: EntryReader, key: string, regionNames: readonly string[]): string | null {
  return readStoreName(reader, key, 'hl7V2Stores', regionNames);
}

/** What is wrong with an HL7v2 store name, or null when it is right. */
export function checkHl7v2StoreName(name: string, regionNames: readonly string[]): string | null {
  return checkStoreName(name, 'hl7V2Stores', regionNames);
}
