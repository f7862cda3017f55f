import test from 'ava';
import { newFhirStore } from '../helpers/new-fhir-store.ts';
import { startTestEngine, type TestEngine } from '../helpers/test-engine.ts';

let engine: TestEngine;
let fhir: string;

const put = (resource: { resourceType: string; id: string }) =>
  engine.api(`${fhir}/${resource.resourceType}/${resource.id}`, { method: 'PUT', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify(resource) });

test.before(async () => {
  engine = await startTestEngine();
  fhir = await newFhirStore(engine, { enableUpdateCreate: true });
  const resources = [
    { resourceType: 'Patient', id: 'muller', name: [{ family: 'Müller', given: ['Jürgen'] }], gender: 'male', birthDate: '1980-05-17', identifier: [{ system: 'urn:mrn', value: 'M1' }], meta: { tag: [{ system: 'urn:tags', code: 'vip' }] } },
    { resourceType: 'Patient', id: 'miller', name: [{ family: 'Miller', given: ['Ann'] }], gender: 'female', birthDate: '1975', identifier: [{ system: 'urn:mrn', value: 'M2' }] },
    { resourceType: 'Patient', id: 'smith', name: [{ family: 'Smith', given: ['Bob'] }], gender: 'male', identifier: [{ system: 'urn:other', value: 'M1' }] },
    { resourceType: 'Observation', id: 'o1', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '8302-2' }] }, subject: { reference: 'Patient/muller' }, effectiveDateTime: '2024-01-15T10:00:00Z', valueQuantity: { value: 180.5, unit: 'cm', system: 'http://unitsofmeasure.org', code: 'cm' } },
    { resourceType: 'Observation', id: 'o2', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '29463-7' }] }, subject: { reference: 'Patient/muller' }, effectivePeriod: { start: '2024-02-01', end: '2024-02-03' }, valueQuantity: { value: 80, unit: 'kg', system: 'http://unitsofmeasure.org', code: 'kg' } },
    { resourceType: 'Observation', id: 'o3', status: 'amended', code: { coding: [{ system: 'http://loinc.org', code: '8302-2' }] }, subject: { reference: 'Patient/miller' }, effectiveDateTime: '2023-12-31', valueQuantity: { value: 165, unit: 'cm', system: 'http://unitsofmeasure.org', code: 'cm' } },
  ];
  for (const resource of resources) {
    const res = await put(resource);
    if (res.status !== 201) throw new Error(`${resource.id}: ${res.status} ${await res.text()}`);
  }
});
test.after.always(async () => {
  await engine?.stop();
});

async function ids(query: string): Promise<string[]> {
  const res = await engine.api(`${fhir}/${query}`);
  if (res.status !== 200) throw new Error(`${query}: ${res.status} ${await res.text()}`);
  const bundle = await res.json();
  return bundle.entry.map((e: { resource: { id: string } }) => e.resource.id).sort();
}

const cases: Array<[string, string[]]> = [
  ['Patient?family=mul', ['muller']],
  ['Patient?family=MÜL', ['muller']],
  ['Patient?family:exact=Miller', ['miller']],
  ['Patient?family:exact=miller', []],
  ['Patient?name:contains=ll', ['miller', 'muller']],
  ['Patient?given=ann,bob', ['miller', 'smith']],
  ['Patient?gender=male&family=smi', ['smith']],
  ['Patient?identifier=M1', ['muller', 'smith']],
  ['Patient?identifier=urn:mrn|M1', ['muller']],
  ['Patient?identifier=urn:mrn|', ['miller', 'muller']],
  ['Patient?gender:not=male', ['miller']],
  ['Patient?birthdate=1980', ['muller']],
  ['Patient?birthdate=1975-06', []],
  ['Patient?birthdate=ge1976', ['muller']],
  ['Patient?birthdate=lt1980-05-17', ['miller']],
  ['Patient?birthdate:missing=true', ['smith']],
  ['Patient?_id=muller,smith', ['muller', 'smith']],
  ['Patient?_tag=urn:tags|vip', ['muller']],
  ['Observation?subject=Patient/muller', ['o1', 'o2']],
  ['Observation?patient=muller', ['o1', 'o2']],
  ['Observation?subject:Patient=miller', ['o3']],
  ['Observation?code=http://loinc.org|8302-2', ['o1', 'o3']],
  ['Observation?subject=Patient/muller&code=http://loinc.org|8302-2', ['o1']],
  ['Observation?date=2024-02-02', []],
  ['Observation?date=ge2024-02-02', ['o2']],
  ['Observation?date=2024-01', ['o1']],
  ['Observation?date=sa2024-01-31', ['o2']],
  ['Observation?date=eb2024', ['o3']],
  ['Observation?value-quantity=180.5', ['o1']],
  ['Observation?value-quantity=gt100|http://unitsofmeasure.org|cm', ['o1', 'o3']],
  ['Observation?value-quantity=lt100', ['o2']],
  ['Observation?status=final,amended&status=amended', ['o3']],
];

for (const [query, expected] of cases) {
  test(`search ${query}`, async (t) => {
    t.deepEqual(await ids(query), expected);
  });
}

test('_sort orders by several keys, descending, with resources lacking a value last', async (t) => {
  const bundle = await (await engine.api(`${fhir}/Patient?_sort=-birthdate,family`)).json();
  t.deepEqual(bundle.entry.map((e: { resource: { id: string } }) => e.resource.id), ['muller', 'miller', 'smith']);
  const byFamily = await (await engine.api(`${fhir}/Patient?_sort=family`)).json();
  t.deepEqual(byFamily.entry.map((e: { resource: { id: string } }) => e.resource.id), ['miller', 'muller', 'smith']);
});

test('paging follows next and previous links; _total=accurate counts', async (t) => {
  const first = await (await engine.api(`${fhir}/Observation?_count=2&_total=accurate&_sort=_id`)).json();
  t.is(first.total, 3);
  t.deepEqual(first.entry.map((e: { resource: { id: string } }) => e.resource.id), ['o1', 'o2']);
  const next = first.link.find((l: { relation: string }) => l.relation === 'next').url as string;
  const second = await (await engine.api(next.slice(next.indexOf('/v1/')))).json();
  t.deepEqual(second.entry.map((e: { resource: { id: string } }) => e.resource.id), ['o3']);
  t.truthy(second.link.find((l: { relation: string }) => l.relation === 'previous'));
  t.falsy(second.link.find((l: { relation: string }) => l.relation === 'next'));
});

test('_summary=count, _elements, POST _search and a search across types', async (t) => {
  const count = await (await engine.api(`${fhir}/Patient?_summary=count`)).json();
  t.is(count.total, 3);
  t.is(count.entry.length, 0);
  const elements = await (await engine.api(`${fhir}/Patient?_id=muller&_elements=gender`)).json();
  t.deepEqual(Object.keys(elements.entry[0].resource).sort(), ['gender', 'id', 'meta', 'resourceType']);
  t.true(elements.entry[0].resource.meta.tag.some((tag: { code: string }) => tag.code === 'SUBSETTED'));
  const posted = await engine.api(`${fhir}/Patient/_search`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'family=smith' });
  t.deepEqual((await posted.json()).entry.map((e: { resource: { id: string } }) => e.resource.id), ['smith']);
  const system = await (await engine.api(`${fhir}?_type=Patient,Observation&_count=100`)).json();
  t.is(system.entry.length, 6);
});

test('an unknown search parameter or a bad value is a 400 OperationOutcome', async (t) => {
  const unknown = await engine.api(`${fhir}/Patient?shoe-size=42`);
  t.is(unknown.status, 400);
  t.regex((await unknown.json()).issue[0].diagnostics, /shoe-size/);
  t.is((await engine.api(`${fhir}/Patient?birthdate=yesterday`)).status, 400);
  t.is((await engine.api(`${fhir}/Patient?family:below=x`)).status, 400);
});

test('_lastUpdated and type history with _since', async (t) => {
  t.deepEqual(await ids('Patient?_lastUpdated=ge2020-01-01'), ['miller', 'muller', 'smith']);
  t.deepEqual(await ids('Patient?_lastUpdated=lt2020-01-01'), []);
  const history = await (await engine.api(`${fhir}/Observation/_history?_since=2020-01-01T00:00:00Z`)).json();
  t.is(history.entry.length, 3);
});

test('Patient/$everything: the patient and its compartment, filtered by _type, paged, and 404 for an unknown patient', async (t) => {
  t.deepEqual(await ids('Patient/muller/$everything'), ['muller', 'o1', 'o2']);
  t.deepEqual(await ids('Patient/muller/$everything?_type=Observation'), ['o1', 'o2']);
  const first = await (await engine.api(`${fhir}/Patient/muller/$everything?_count=2`)).json();
  t.is(first.entry.length, 2);
  const next = first.link.find((l: { relation: string }) => l.relation === 'next').url as string;
  t.is((await (await engine.api(next.slice(next.indexOf('/v1/')))).json()).entry.length, 1);
  t.is((await engine.api(`${fhir}/Patient/nobody/$everything`)).status, 404);
});

test('_include and _revinclude (with :iterate) add the referenced and referencing resources in include mode', async (t) => {
  const modes = async (query: string) => {
    const bundle = await (await engine.api(`${fhir}/${query}`)).json();
    return bundle.entry.map((e: { resource: { id: string }; search: { mode: string } }) => `${e.search.mode}:${e.resource.id}`).sort();
  };
  t.deepEqual(await modes('Observation?_id=o1&_include=Observation:subject'), ['include:muller', 'match:o1']);
  t.deepEqual(await modes('Observation?_id=o1&_include=Observation:subject:Practitioner'), ['match:o1']);
  t.deepEqual(await modes('Patient?_id=muller&_revinclude=Observation:subject'), ['include:o1', 'include:o2', 'match:muller']);
  t.deepEqual(await modes('Observation?_id=o1&_include=Observation:subject&_revinclude:iterate=Observation:patient'), ['include:muller', 'include:o2', 'match:o1']);
  t.deepEqual(await modes('Observation?_id=o3&_include=*'), ['include:miller', 'match:o3']);
  t.is((await engine.api(`${fhir}/Observation?_include=subject`)).status, 400);
});

test('_summary=true keeps the elements the specification marks as summary', async (t) => {
  const bundle = await (await engine.api(`${fhir}/Observation?_id=o1&_summary=true`)).json();
  const resource = bundle.entry[0].resource;
  t.truthy(resource.code);
  t.truthy(resource.valueQuantity);
  t.truthy(resource.subject);
  t.true(resource.meta.tag.some((tag: { code: string }) => tag.code === 'SUBSETTED'));
  const patient = (await (await engine.api(`${fhir}/Patient?_id=muller&_summary=true`)).json()).entry[0].resource;
  t.truthy(patient.name);
  t.is(patient.text, undefined);
});
