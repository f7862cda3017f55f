import { readdirSync, readFileSync } from 'node:fs';
import test from 'ava';
import { newFhirStore } from '../helpers/new-fhir-store.ts';
import { startTestEngine, type TestEngine } from '../helpers/test-engine.ts';

const SYNTHEA = '../shared/fixtures/fhir/synthea';

let engine: TestEngine;
test.before(async () => {
  engine = await startTestEngine();
});
test.after.always(async () => {
  await engine?.stop();
});

const newStore = (config: Record<string, unknown> = {}) => newFhirStore(engine, config);

const post = (path: string, body: unknown) => engine.api(path, { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify(body) });

const patientEntry = (fullUrl: string, family: string, extra: Record<string, unknown> = {}) => ({
  fullUrl, resource: { resourceType: 'Patient', name: [{ family }] }, request: { method: 'POST', url: 'Patient' }, ...extra,
});
const observationEntry = (subject: string) => ({
  resource: { resourceType: 'Observation', status: 'final', code: { text: 'x' }, subject: { reference: subject } }, request: { method: 'POST', url: 'Observation' },
});

test('a transaction rewrites urn:uuid references, answers in entry order, and commits as one', async (t) => {
  const fhir = await newStore();
  const res = await post(fhir, { resourceType: 'Bundle', type: 'transaction', entry: [observationEntry('urn:uuid:0b1e'), patientEntry('urn:uuid:0b1e', 'Tx')] });
  t.is(res.status, 200);
  const bundle = await res.json();
  t.is(bundle.type, 'transaction-response');
  t.deepEqual(bundle.entry.map((e: { response: { status: string } }) => e.response.status), ['201 Created', '201 Created']);
  const patientId = bundle.entry[1].resource.id;
  t.is(bundle.entry[0].resource.subject.reference, `Patient/${patientId}`);
  const found = await (await engine.api(`${fhir}/Observation?subject=Patient/${patientId}`)).json();
  t.is(found.total, 1);
});

test('a failing transaction writes nothing and names the entry', async (t) => {
  const fhir = await newStore();
  const res = await post(fhir, { resourceType: 'Bundle', type: 'transaction', entry: [patientEntry('urn:uuid:a', 'Kept?'), observationEntry('Patient/missing')] });
  t.is(res.status, 400);
  const outcome = await res.json();
  t.is(outcome.resourceType, 'OperationOutcome');
  t.regex(outcome.issue[0].diagnostics, /Patient\/missing/);
  t.is((await (await engine.api(`${fhir}/Patient`)).json()).total, 0);
  const broken = await post(fhir, { resourceType: 'Bundle', type: 'transaction', entry: [{ request: { method: 'POST', url: 'Patient' } }] });
  t.is(broken.status, 400);
  t.regex((await broken.json()).issue[0].diagnostics, /entry\[0\]/);
});

test('conditional create and conditional references inside a transaction', async (t) => {
  const fhir = await newStore();
  const identifier = [{ system: 'urn:mrn', value: 'T-1' }];
  const first = await post(fhir, { resourceType: 'Bundle', type: 'transaction', entry: [
    { fullUrl: 'urn:uuid:p', resource: { resourceType: 'Patient', identifier }, request: { method: 'POST', url: 'Patient', ifNoneExist: 'identifier=urn:mrn|T-1' } },
  ] });
  const id = (await first.json()).entry[0].resource.id;
  const second = await post(fhir, { resourceType: 'Bundle', type: 'transaction', entry: [
    { fullUrl: 'urn:uuid:p2', resource: { resourceType: 'Patient', identifier }, request: { method: 'POST', url: 'Patient', ifNoneExist: 'identifier=urn:mrn|T-1' } },
    observationEntry('Patient?identifier=urn:mrn|T-1'),
  ] });
  t.is(second.status, 200);
  const body = await second.json();
  t.is(body.entry[0].response.status, '200 OK');
  t.is(body.entry[0].resource.id, id);
  t.is(body.entry[1].resource.subject.reference, `Patient/${id}`);
  const unresolved = await post(fhir, { resourceType: 'Bundle', type: 'transaction', entry: [observationEntry('Patient?identifier=urn:mrn|nobody')] });
  t.is(unresolved.status, 400);
});

test('a batch runs entries independently and reports each failure in its entry', async (t) => {
  const fhir = await newStore();
  const res = await post(fhir, { resourceType: 'Bundle', type: 'batch', entry: [
    patientEntry('urn:uuid:x', 'Batch'),
    observationEntry('Patient/missing'),
    { request: { method: 'GET', url: 'Patient?family=batch' } },
    { request: { method: 'DELETE', url: 'Patient/never-was' } },
  ] });
  t.is(res.status, 200);
  const bundle = await res.json();
  t.is(bundle.type, 'batch-response');
  t.deepEqual(bundle.entry.map((e: { response: { status: string } }) => e.response.status), ['201 Created', '400', '200 OK', '204 No Content']);
  t.is(bundle.entry[1].response.outcome.resourceType, 'OperationOutcome');
  t.is(bundle.entry[2].resource.total, 1);
});

test('a Bundle of another type, or with an unknown method, is a 400', async (t) => {
  const fhir = await newStore();
  t.is((await post(fhir, { resourceType: 'Bundle', type: 'collection', entry: [] })).status, 400);
  t.is((await post(fhir, { resourceType: 'Bundle', type: 'batch', entry: [{ request: { method: 'FETCH', url: 'Patient' } }] })).status, 400);
  const badId = await post(fhir, { resourceType: 'Bundle', type: 'transaction', entry: [{ resource: { resourceType: 'Patient' }, request: { method: 'PUT', url: 'Patient/not an id' } }] });
  t.is(badId.status, 400);
  t.regex((await badId.json()).issue[0].diagnostics, /not a valid FHIR id/);
});

test('every Synthea bundle loads as a transaction, with its references rewritten', async (t) => {
  const fhir = await newStore();
  const files = readdirSync(SYNTHEA).filter((f) => f.endsWith('.json') && !f.startsWith('group'));
  t.is(files.length, 56);
  let resources = 0;
  const patients: string[] = [];
  const written = new Map<string, string[]>();
  for (const file of files) {
    const bundle = JSON.parse(readFileSync(`${SYNTHEA}/${file}`, 'utf8'));
    const res = await post(fhir, bundle);
    const answer = await res.json();
    if (res.status !== 200) throw new Error(`${file}: ${res.status} ${JSON.stringify(answer).slice(0, 400)}`);
    resources += answer.entry.length;
    const patient = answer.entry.find((e: { resource: { resourceType: string } }) => e.resource.resourceType === 'Patient');
    // One of the 56 bundles (practitionerInformation) holds practitioners only.
    if (patient) {
      patients.push(patient.resource.id);
      written.set(patient.resource.id, answer.entry.map((e: { resource: { resourceType: string; id: string } }) => `${e.resource.resourceType}/${e.resource.id}`));
    }
  }
  t.is(resources, 15013);
  t.is(patients.length, 55);
  const observations = await (await engine.api(`${fhir}/Observation?subject=Patient/${patients[0]}&_total=accurate&_count=1`)).json();
  t.true(observations.total > 0);
  // Each patient's $everything holds everything its bundle wrote (the compartment, and the
  // practitioners and organizations it references), read across pages.
  for (const id of patients) {
    const found = new Set<string>();
    let next: string | undefined = `${fhir}/Patient/${id}/$everything?_count=200`;
    while (next) {
      const page = await (await engine.api(next)).json();
      for (const e of page.entry) found.add(`${e.resource.resourceType}/${e.resource.id}`);
      const link = page.link.find((l: { relation: string }) => l.relation === 'next')?.url as string | undefined;
      next = link ? link.slice(link.indexOf('/v1/')) : undefined;
    }
    const missing = written.get(id)!.filter((r) => !found.has(r));
    t.deepEqual(missing, [], `Patient/${id}`);
    t.false([...found].some((r) => r.startsWith('Patient/') && r !== `Patient/${id}`), 'no other patient');
  }
  const group = JSON.parse(readFileSync(`${SYNTHEA}/${readdirSync(SYNTHEA).find((f) => f.startsWith('group'))}`, 'utf8'));
  t.is((await post(`${fhir}/Group`, group)).status, 201);
});
