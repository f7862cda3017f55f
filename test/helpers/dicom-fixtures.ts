import { readFileSync } from 'node:fs';
import type { TestEngine } from './test-engine.ts';
import { uniqueId } from './test-region.ts';

export const DICOM_FIXTURES = new URL('../../../shared/fixtures/dicom/', import.meta.url);

export interface DicomFixture {
  file: string;
  expected: 'store' | 'reject';
  /** A reject that holds only over STOW (no Part-10 meta header; a C-STORE data set may still be stored). */
  stowOnly: boolean;
  /** The fixture stored first under the same SOP Instance UID, when this one conflicts with it. */
  conflictsWith: string | null;
}

/** Every fixture with its expected outcome, as ../shared/fixtures/dicom/EXPECTED.md gives it. */
export function dicomFixtures(): DicomFixture[] {
  const table = readFileSync(new URL('EXPECTED.md', DICOM_FIXTURES), 'utf8');
  const fixtures: DicomFixture[] = [];
  for (const line of table.split('\n')) {
    const match = /^\| `([^`]+\.dcm)` \| ([^|]+) \|/.exec(line);
    if (!match) continue;
    const verdict = match[2].trim();
    fixtures.push({
      file: match[1],
      expected: verdict.startsWith('store') ? 'store' : 'reject',
      stowOnly: verdict.startsWith('reject over STOW'),
      conflictsWith: /same SOP Instance UID as ([^:]+\.dcm)/.exec(verdict)?.[1] ?? null,
    });
  }
  return fixtures;
}

export function readFixture(file: string): Buffer {
  return readFileSync(new URL(file, DICOM_FIXTURES));
}

/** A new dataset with one DICOM store; returns the store's dicomWeb base below the engine URL. */
export async function newDicomStore(engine: TestEngine, config: Record<string, unknown> = {}, project = uniqueId('p')): Promise<string> {
  const base = `/v1/projects/${project}/locations/local/datasets`;
  await engine.api(`${base}?datasetId=d`, { method: 'POST', body: '{}' });
  const res = await engine.api(`${base}/d/dicomStores?dicomStoreId=s`, { method: 'POST', body: JSON.stringify(config) });
  if (res.status !== 200) throw new Error(`DICOM store create: ${res.status} ${await res.text()}`);
  return `${base}/d/dicomStores/s/dicomWeb`;
}

/** A STOW-RS request body of the given instances. */
export function stowBody(instances: Buffer[], boundary = 'plexus-test-boundary'): { body: Uint8Array<ArrayBuffer>; contentType: string } {
  const parts = instances.flatMap((bytes) => [Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`), bytes, Buffer.from('\r\n')]);
  return { body: new Uint8Array(Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)])), contentType: `multipart/related; type="application/dicom"; boundary=${boundary}` };
}

export function stow(engine: TestEngine, dicomWeb: string, instances: Buffer[], path = 'studies'): Promise<Response> {
  const { body, contentType } = stowBody(instances);
  return engine.api(`${dicomWeb}/${path}`, { method: 'POST', headers: { 'content-type': contentType }, body });
}

/** The parts of a multipart/related response: headers and bytes. */
export async function multipartParts(response: Response): Promise<Array<{ headers: Record<string, string>; body: Buffer }>> {
  const boundary = /boundary=("?)([^";]+)\1/.exec(response.headers.get('content-type') ?? '')?.[2];
  if (!boundary) throw new Error(`no boundary in ${response.headers.get('content-type')}`);
  const bytes = Buffer.from(await response.arrayBuffer());
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Array<{ headers: Record<string, string>; body: Buffer }> = [];
  let at = bytes.indexOf(delimiter);
  for (;;) {
    const start = at + delimiter.length;
    if (bytes.subarray(start, start + 2).toString() === '--') break;
    const next = bytes.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), start);
    const part = bytes.subarray(start + 2, next);
    const split = part.indexOf('\r\n\r\n');
    const headers = Object.fromEntries(part.subarray(0, split).toString('latin1').split('\r\n').map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
    parts.push({ headers, body: part.subarray(split + 4) });
    at = next + 2;
  }
  return parts;
}
