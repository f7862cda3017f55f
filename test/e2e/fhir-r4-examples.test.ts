import { readdirSync, readFileSync } from 'node:fs';
import test from 'ava';
import { startTestEngine, type TestEngine } from '../helpers/test-engine.ts';
import { uniqueId } from '../helpers/test-region.ts';

const DIR = '../shared/fixtures/fhir/r4-examples';

let engine: TestEngine;
test.before(async () => {
  engine = await startTestEngine();
});
test.after.always(async () => {
  await engine?.stop();
});

/** Without meta: the store sets versionId and lastUpdated. */
function withoutMeta(resource: Record<string, unknown>): Record<string, unknown> {
  const { meta, ...rest } = resource as { meta?: Record<string, unknown> };
  const kept = Object.fromEntries(Object.entries(meta ?? {}).filter(([k]) => k !== 'versionId' && k !== 'lastUpdated'));
  return Object.keys(kept).length > 0 ? { ...rest, meta: kept } : rest;
}

test('every R4 example loads (by PUT with its id), reads back unchanged except meta, and is found by _id', async (t) => {
  const base = `/v1/projects/${uniqueId('p')}/locations/local/datasets`;
  await engine.api(`${base}?datasetId=d`, { method: 'POST', body: '{}' });
  await engine.api(`${base}/d/fhirStores?fhirStoreId=s`, { method: 'POST', body: JSON.stringify({ version: 'R4', enableUpdateCreate: true, disableReferentialIntegrity: true }) });
  const fhir = `${base}/d/fhirStores/s/fhir`;
  const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));
  t.true(files.length > 600);
  const failures: string[] = [];
  for (const file of files) {
    const resource = JSON.parse(readFileSync(`${DIR}/${file}`, 'utf8'));
    // Two examples have no id: they are created by POST instead.
    const put = await engine.api(resource.id ? `${fhir}/${resource.resourceType}/${resource.id}` : `${fhir}/${resource.resourceType}`, {
      method: resource.id ? 'PUT' : 'POST', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify(resource),
    });
    if (put.status !== 201 && put.status !== 200) {
      failures.push(`${file}: ${put.status} ${(await put.text()).slice(0, 200)}`);
      continue;
    }
    const id = resource.id ?? (await put.json()).id;
    const read = await (await engine.api(`${fhir}/${resource.resourceType}/${id}`)).json();
    if (!resource.id) delete read.id;
    if (JSON.stringify(withoutMeta(read)) !== JSON.stringify(withoutMeta({ resourceType: resource.resourceType, ...resource }))) failures.push(`${file}: reads back changed`);
  }
  t.deepEqual(failures, []);
  const found = await (await engine.api(`${fhir}/Patient?_id=example`)).json();
  t.is(found.entry.length, 1);
});
