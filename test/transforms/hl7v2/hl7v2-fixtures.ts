import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The shared HL7v2 fixture messages, read in place (never copied into the repo). */
export const FIXTURE_DIR = fileURLToPath(new URL('../../../../shared/fixtures/hl7v2/', import.meta.url));

export interface Fixture {
  name: string;
  bytes: Buffer;
}

export function readFixtures(): Fixture[] {
  return readdirSync(FIXTURE_DIR).filter((name) => name.endsWith('.hl7')).sort().map((name) => ({ name, bytes: readFixture(name) }));
}

export function readFixture(name: string): Buffer {
  return readFileSync(FIXTURE_DIR + name);
}

/** MSH fields by a naive split of the first line, as an independent check: index n is MSH-n. */
export function naiveMshFields(bytes: Buffer): string[] {
  const text = bytes.toString('latin1').replace(/^\xef\xbb\xbf/, '');
  const fields = text.split(/\r\n|\r|\n/)[0].split('|');
  return ['', '|', ...fields.slice(1)];
}
