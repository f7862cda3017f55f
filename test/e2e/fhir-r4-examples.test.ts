import { readdirSync, readFileSync } from 'node:fs';
import test from 'ava';
import { extractSearchIndex } from '../../stores/fhir/search/extract-search-index.ts';
import { r4SearchParameters } from '../../stores/fhir/search/fhir-search-parameters.ts';
import { newFhirStore } from '../helpers/new-fhir-store.ts';
import { startTestEngine, type TestEngine } from '../helpers/test-engine.ts';

const DIR = '../shared/fixtures/fhir/r4-examples';

let engine: TestEngine;
test.before(async () => {
  engine = await startTestEngine();
});
test.after.always(async () => {
  await engine?.stop();
});

/**
 * Each example with an id is found by its type's search parameters: for one value of each
 * parameter type its index holds (a token, a string, a date, a reference...), the search
 * `Type?_id=ID&code=value` returns it.
 */
async function unfoundBySearch(fhir: string, files: string[]): Promise<string[]> {
  const parameters = r4SearchParameters();
  const misses: string[] = [];
  for (const file of files) {
    const resource = JSON.parse(readFileSync(`${DIR}/${file}`, 'utf8'));
    if (!resource.id) continue;
    const rows = extractSearchIndex(resource, parameters.of(resource.resourceType).values());
    // A search value escapes `,` `|` `$` and `\` with a backslash.
    const escape = (value: string) => encodeURIComponent(value.replace(/[\\,|$]/g, (c) => `\\${c}`));
    const token = rows.token[0];
    const reference = rows.reference.find((r) => !r.url.startsWith('#'));
    const queries = [
      token && `${token.code}=${token.system === null ? escape(token.value) : `${escape(token.system)}|${escape(token.value)}`}`,
      rows.string[0] && `${rows.string[0].code}:exact=${escape(rows.string[0].exact)}`,
      rows.date[0] && `${rows.date[0].code}=ge${new Date(rows.date[0].low).toISOString().slice(0, 10)}`,
      reference && `${reference.code}=${escape(reference.url)}`,
      rows.uri[0] && `${rows.uri[0].code}=${escape(rows.uri[0].value)}`,
    ].filter(Boolean);
    for (const query of queries) {
      const bundle = await (await engine.api(`${fhir}/${resource.resourceType}?_id=${resource.id}&${query}`)).json();
      if (bundle.total !== 1) misses.push(`${file}: ${resource.resourceType}?${query} found ${bundle.total ?? JSON.stringify(bundle).slice(0, 120)}`);
    }
  }
  return misses;
}

/** Without meta: the store sets versionId and lastUpdated. */
function withoutMeta(resource: Record<string, unknown>): Record<string, unknown> {
  const { meta, ...rest } = resource as { meta?: Record<string, unknown> };
  const kept = Object.fromEntries(Object.entries(meta ?? {}).filter(([k]) => k !== 'versionId' && k !== 'lastUpdated'));
  return Object.keys(kept).length > 0 ? { ...rest, meta: kept } : rest;
}

test('every R4 example loads (by PUT with its id), reads back unchanged except meta, and is found by the search parameters of its type', async (t) => {
  const fhir = await newFhirStore(engine, { enableUpdateCreate: true, disableReferentialIntegrity: true });
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
  t.deepEqual(await unfoundBySearch(fhir, files), []);
});
