import test from 'ava';
import { newFhirStore } from '../helpers/new-fhir-store.ts';
import { startTestEngine, type TestEngine } from '../helpers/test-engine.ts';

let engine: TestEngine;
test.before(async () => {
  engine = await startTestEngine();
});
test.after.always(async () => {
  await engine?.stop();
});

const FHIR_JSON = 'application/fhir+json';

const newStore = (config: Record<string, unknown> = {}) => newFhirStore(engine, config);

function send(path: string, method: string, body?: unknown, headers: Record<string, string> = {}) {
  return engine.api(path, { method, headers: { 'content-type': FHIR_JSON, ...headers }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
}

const patient = (family: string, extra: Record<string, unknown> = {}) => ({
  resourceType: 'Patient', name: [{ family, given: ['Ann'] }], gender: 'female', birthDate: '1970-03-04', ...extra,
});

test('create, read, update, vread and delete keep versions, ETags and Location', async (t) => {
  const fhir = await newStore();
  const created = await send(`${fhir}/Patient`, 'POST', patient('Smith'));
  t.is(created.status, 201);
  const body = await created.json();
  t.is(body.meta.versionId, '1');
  t.is(created.headers.get('etag'), 'W/"1"');
  t.true(created.headers.get('location')!.endsWith(`/fhir/Patient/${body.id}/_history/1`));
  t.regex(created.headers.get('content-type')!, /application\/fhir\+json/);

  const read = await engine.api(`${fhir}/Patient/${body.id}`);
  t.is(read.status, 200);
  t.deepEqual((await read.json()).name, [{ family: 'Smith', given: ['Ann'] }]);

  const updated = await send(`${fhir}/Patient/${body.id}`, 'PUT', { ...patient('Jones'), id: body.id }, { 'if-match': 'W/"1"' });
  t.is(updated.status, 200);
  t.is((await updated.json()).meta.versionId, '2');
  const stale = await send(`${fhir}/Patient/${body.id}`, 'PUT', { ...patient('Brown'), id: body.id }, { 'if-match': 'W/"1"' });
  t.is(stale.status, 412);
  t.is((await stale.json()).resourceType, 'OperationOutcome');

  const v1 = await engine.api(`${fhir}/Patient/${body.id}/_history/1`);
  t.is((await v1.json()).name[0].family, 'Smith');

  t.is((await engine.api(`${fhir}/Patient/${body.id}`, { method: 'DELETE' })).status, 200);
  const gone = await engine.api(`${fhir}/Patient/${body.id}`);
  t.is(gone.status, 410);
  const history = await (await engine.api(`${fhir}/Patient/${body.id}/_history`)).json();
  t.is(history.type, 'history');
  t.deepEqual(history.entry.map((e: { request: { method: string } }) => e.request.method), ['DELETE', 'PUT', 'POST']);
  t.is(history.entry[0].resource, undefined);
});

test('bad input is an OperationOutcome with 4xx and nothing is written', async (t) => {
  const fhir = await newStore();
  const malformed = await engine.api(`${fhir}/Patient`, { method: 'POST', headers: { 'content-type': FHIR_JSON }, body: '{"resourceType":' });
  t.is(malformed.status, 400);
  t.is((await malformed.json()).resourceType, 'OperationOutcome');
  const wrongType = await send(`${fhir}/Patient`, 'POST', { resourceType: 'Observation', status: 'final', code: { text: 'x' } });
  t.is(wrongType.status, 400);
  const unknown = await send(`${fhir}/Patient`, 'POST', { resourceType: 'Patient', nmae: [] });
  t.is(unknown.status, 400);
  t.regex((await unknown.json()).issue[0].diagnostics, /nmae/);
  const badDate = await send(`${fhir}/Patient`, 'POST', { resourceType: 'Patient', birthDate: '1970-13-45' });
  t.is(badDate.status, 400);
  t.regex((await badDate.json()).issue[0].diagnostics, /birthDate/);
  const badId = await send(`${fhir}/Patient/not$valid`, 'PUT', { resourceType: 'Patient', id: 'not$valid' });
  t.is(badId.status, 400);
  const xml = await engine.api(`${fhir}/Patient`, { headers: { accept: 'application/fhir+xml' } });
  t.is(xml.status, 406);
  t.is((await xml.json()).resourceType, 'OperationOutcome');
  const notAType = await engine.api(`${fhir}/Patients/1`);
  t.is(notAType.status, 404);
  const search = await (await engine.api(`${fhir}/Patient`)).json();
  t.is(search.total, 0);
});

test('update on a missing id creates only with enableUpdateCreate', async (t) => {
  const strict = await newStore();
  t.is((await send(`${strict}/Patient/p1`, 'PUT', { ...patient('A'), id: 'p1' })).status, 404);
  const lenient = await newStore({ enableUpdateCreate: true });
  const res = await send(`${lenient}/Patient/p1`, 'PUT', { ...patient('A'), id: 'p1' });
  t.is(res.status, 201);
  t.is((await res.json()).id, 'p1');
});

test('referential integrity: a missing target is a 400 naming it; a referenced resource cannot be deleted', async (t) => {
  const fhir = await newStore({ enableUpdateCreate: true });
  const dangling = await send(`${fhir}/Observation`, 'POST', { resourceType: 'Observation', status: 'final', code: { text: 'x' }, subject: { reference: 'Patient/nobody' } });
  t.is(dangling.status, 400);
  t.regex((await dangling.json()).issue[0].diagnostics, /Patient\/nobody/);
  await send(`${fhir}/Patient/p2`, 'PUT', { ...patient('B'), id: 'p2' });
  t.is((await send(`${fhir}/Observation`, 'POST', { resourceType: 'Observation', status: 'final', code: { text: 'x' }, subject: { reference: 'Patient/p2' } })).status, 201);
  const refused = await engine.api(`${fhir}/Patient/p2`, { method: 'DELETE' });
  t.is(refused.status, 400);
  t.regex((await refused.json()).issue[0].diagnostics, /referenced by Observation\//);

  const loose = await newStore({ disableReferentialIntegrity: true });
  t.is((await send(`${loose}/Observation`, 'POST', { resourceType: 'Observation', status: 'final', code: { text: 'x' }, subject: { reference: 'Patient/nobody' } })).status, 201);
});

test('50 parallel identical conditional creates make exactly one resource', async (t) => {
  const fhir = await newStore();
  const body = patient('Race', { identifier: [{ system: 'urn:mrn', value: 'R-1' }] });
  const answers = await Promise.all(Array.from({ length: 50 }, () => send(`${fhir}/Patient`, 'POST', body, { 'if-none-exist': 'identifier=urn:mrn|R-1' })));
  const statuses = answers.map((r) => r.status);
  t.is(statuses.filter((s) => s === 201).length, 1);
  t.is(statuses.filter((s) => s === 200).length, 49);
  const found = await (await engine.api(`${fhir}/Patient?identifier=urn:mrn|R-1`)).json();
  t.is(found.total, 1);
});

test('concurrent updates with the same If-Match: one winner, 412 for the rest', async (t) => {
  const fhir = await newStore();
  const { id } = await (await send(`${fhir}/Patient`, 'POST', patient('Start'))).json();
  const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => send(`${fhir}/Patient/${id}`, 'PUT', { ...patient(`Writer${i}`), id }, { 'if-match': 'W/"1"' })));
  const statuses = answers.map((r) => r.status).sort();
  t.deepEqual(statuses, [200, ...Array(9).fill(412)]);
});

test('conditional update and delete: 412 on several matches', async (t) => {
  const fhir = await newStore();
  const first = await send(`${fhir}/Patient?identifier=urn:mrn|C-1`, 'PUT', patient('Cond', { identifier: [{ system: 'urn:mrn', value: 'C-1' }] }));
  t.is(first.status, 201);
  const again = await send(`${fhir}/Patient?identifier=urn:mrn|C-1`, 'PUT', patient('Cond2', { identifier: [{ system: 'urn:mrn', value: 'C-1' }] }));
  t.is(again.status, 200);
  t.is((await again.json()).meta.versionId, '2');
  await send(`${fhir}/Patient`, 'POST', patient('Twin', { identifier: [{ system: 'urn:mrn', value: 'C-1' }] }));
  t.is((await send(`${fhir}/Patient?identifier=urn:mrn|C-1`, 'PUT', patient('X', { identifier: [{ system: 'urn:mrn', value: 'C-1' }] }))).status, 412);
  t.is((await engine.api(`${fhir}/Patient?identifier=urn:mrn|C-1`, { method: 'DELETE' })).status, 412);
  t.is((await engine.api(`${fhir}/Patient?family=Twin`, { method: 'DELETE' })).status, 200);
});

test('Prefer return=minimal and return=OperationOutcome', async (t) => {
  const fhir = await newStore();
  const minimal = await send(`${fhir}/Patient`, 'POST', patient('Min'), { prefer: 'return=minimal' });
  t.is(minimal.status, 201);
  t.is(await minimal.text(), '');
  const outcome = await send(`${fhir}/Patient`, 'POST', patient('Oo'), { prefer: 'return=OperationOutcome' });
  t.is((await outcome.json()).resourceType, 'OperationOutcome');
});

test('disableResourceVersioning keeps only the current version', async (t) => {
  const fhir = await newStore({ disableResourceVersioning: true });
  const { id } = await (await send(`${fhir}/Patient`, 'POST', patient('V1'))).json();
  await send(`${fhir}/Patient/${id}`, 'PUT', { ...patient('V2'), id });
  t.is((await engine.api(`${fhir}/Patient/${id}/_history/1`)).status, 404);
  const history = await (await engine.api(`${fhir}/Patient/${id}/_history`)).json();
  t.is(history.entry.length, 1);
});

test('metadata lists resource types and their search parameters', async (t) => {
  const fhir = await newStore();
  const res = await engine.api(`${fhir}/metadata`);
  t.is(res.status, 200);
  const statement = await res.json();
  t.is(statement.fhirVersion, '4.0.1');
  const patientEntry = statement.rest[0].resource.find((r: { type: string }) => r.type === 'Patient');
  t.truthy(patientEntry.searchParam.find((p: { name: string }) => p.name === 'family'));
});

test('PATCH with a JSON Patch and with a FHIRPath Patch makes a new version; a failed test or an invalid result changes nothing', async (t) => {
  const fhir = await newStore();
  const { id } = await (await send(`${fhir}/Patient`, 'POST', patient('Patchy'))).json();
  const json = await send(`${fhir}/Patient/${id}`, 'PATCH', [{ op: 'replace', path: '/gender', value: 'other' }, { op: 'add', path: '/name/0/given/-', value: 'Beth' }], { 'content-type': 'application/json-patch+json' });
  t.is(json.status, 200);
  const afterJson = await json.json();
  t.is(afterJson.meta.versionId, '2');
  t.deepEqual(afterJson.name[0].given, ['Ann', 'Beth']);
  const op = (type: string, path: string, extra: object[] = []) => ({ name: 'operation', part: [{ name: 'type', valueCode: type }, { name: 'path', valueString: path }, ...extra] });
  const fhirPath = await send(`${fhir}/Patient/${id}`, 'PATCH', { resourceType: 'Parameters', parameter: [
    op('replace', 'Patient.birthDate', [{ name: 'value', valueDate: '1980-01-01' }]),
    op('add', 'Patient', [{ name: 'name', valueString: 'deceased' }, { name: 'value', valueBoolean: false }]),
    op('delete', 'Patient.name[0].given[0]'),
  ] });
  t.is(fhirPath.status, 200);
  const afterPath = await fhirPath.json();
  t.is(afterPath.birthDate, '1980-01-01');
  t.is(afterPath.deceasedBoolean, false);
  t.deepEqual(afterPath.name[0].given, ['Beth']);
  const failedTest = await send(`${fhir}/Patient/${id}`, 'PATCH', [{ op: 'test', path: '/gender', value: 'male' }, { op: 'remove', path: '/name' }], { 'content-type': 'application/json-patch+json' });
  t.is(failedTest.status, 409);
  const invalid = await send(`${fhir}/Patient/${id}`, 'PATCH', [{ op: 'add', path: '/shoeSize', value: 42 }], { 'content-type': 'application/json-patch+json' });
  t.is(invalid.status, 400);
  t.regex((await invalid.json()).issue[0].diagnostics, /shoeSize/);
  const stale = await send(`${fhir}/Patient/${id}`, 'PATCH', [{ op: 'replace', path: '/gender', value: 'male' }], { 'content-type': 'application/json-patch+json', 'if-match': 'W/"1"' });
  t.is(stale.status, 412);
  t.is((await (await engine.api(`${fhir}/Patient/${id}`)).json()).meta.versionId, '3');
  const conditional = await send(`${fhir}/Patient?_id=${id}`, 'PATCH', [{ op: 'replace', path: '/gender', value: 'male' }], { 'content-type': 'application/json-patch+json' });
  t.is(conditional.status, 200);
  t.is((await send(`${fhir}/Patient?family=nobody`, 'PATCH', [], { 'content-type': 'application/json-patch+json' })).status, 404);
});

test('PATCH entries in a transaction (a Binary JSON Patch) apply with the rest', async (t) => {
  const fhir = await newStore();
  const { id } = await (await send(`${fhir}/Patient`, 'POST', patient('InBundle'))).json();
  const data = Buffer.from(JSON.stringify([{ op: 'replace', path: '/gender', value: 'male' }])).toString('base64');
  const res = await send(fhir, 'POST', { resourceType: 'Bundle', type: 'transaction', entry: [
    { resource: { resourceType: 'Binary', contentType: 'application/json-patch+json', data }, request: { method: 'PATCH', url: `Patient/${id}` } },
  ] });
  t.is(res.status, 200);
  t.is((await res.json()).entry[0].resource.gender, 'male');
});

test('$purge drops the history and keeps the current version', async (t) => {
  const fhir = await newStore();
  const { id } = await (await send(`${fhir}/Patient`, 'POST', patient('P1'))).json();
  await send(`${fhir}/Patient/${id}`, 'PUT', { ...patient('P2'), id });
  t.is((await engine.api(`${fhir}/Patient/${id}/$purge`, { method: 'DELETE' })).status, 200);
  t.is((await engine.api(`${fhir}/Patient/${id}/_history/1`)).status, 404);
  t.is((await (await engine.api(`${fhir}/Patient/${id}`)).json()).meta.versionId, '2');
  t.is((await engine.api(`${fhir}/Patient/nobody/$purge`, { method: 'DELETE' })).status, 404);
  t.is((await engine.api(`${fhir}/Patient/${id}/$purge`, { method: 'DELETE', key: engine.strangerKey })).status, 403);
});
