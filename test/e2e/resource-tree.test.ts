import test from 'ava';
import { startTestEngine, type TestEngine } from '../helpers/test-engine.ts';
import { uniqueId } from '../helpers/test-region.ts';

let engine: TestEngine;
test.before(async () => {
  engine = await startTestEngine({}, ['us-central1', 'europe-west4']);
});
test.after.always(async () => {
  await engine?.stop();
});

const base = (project: string, location = 'us-central1') => `/v1/projects/${project}/locations/${location}`;
const json = (body: unknown) => ({ body: JSON.stringify(body) });

test('locations list the configured regions; an unknown location is a 404 naming them', async (t) => {
  const res = await engine.api('/v1/projects/p1/locations');
  t.is(res.status, 200);
  const body = await res.json();
  t.deepEqual(body.locations.map((l: { locationId: string }) => l.locationId), ['us-central1', 'europe-west4']);
  const one = await engine.api(base('p1'));
  t.is((await one.json()).name, 'projects/p1/locations/us-central1');
  const missing = await engine.api(`${base('p1', 'mars-1')}/datasets`);
  t.is(missing.status, 404);
  const err = await missing.json();
  t.is(err.error.status, 'NOT_FOUND');
  t.regex(err.error.message, /us-central1, europe-west4/);
});

test('dataset create returns a done operation, then get, list, patch, delete', async (t) => {
  const project = uniqueId('p');
  const created = await engine.api(`${base(project)}/datasets?datasetId=ds1`, { method: 'POST', ...json({ timeZone: 'Europe/Amsterdam' }) });
  t.is(created.status, 200);
  const op = await created.json();
  t.true(op.done);
  t.regex(op.name, new RegExp(`^projects/${project}/locations/us-central1/datasets/ds1/operations/\\d+$`));
  t.is(op.response.name, `projects/${project}/locations/us-central1/datasets/ds1`);
  const opGet = await engine.api(`/v1/${op.name}`);
  t.is(opGet.status, 200);
  t.true((await opGet.json()).done);

  const got = await (await engine.api(`${base(project)}/datasets/ds1`)).json();
  t.deepEqual(got, { name: `projects/${project}/locations/us-central1/datasets/ds1`, timeZone: 'Europe/Amsterdam' });

  const again = await engine.api(`${base(project)}/datasets?datasetId=ds1`, { method: 'POST', ...json({}) });
  t.is(again.status, 409);
  t.is((await again.json()).error.status, 'ALREADY_EXISTS');

  const patched = await engine.api(`${base(project)}/datasets/ds1?updateMask=labels`, { method: 'PATCH', ...json({ labels: { team: 'radiology' } }) });
  t.is(patched.status, 200);
  t.deepEqual((await patched.json()).labels, { team: 'radiology' });
  const badMask = await engine.api(`${base(project)}/datasets/ds1?updateMask=name`, { method: 'PATCH', ...json({}) });
  t.is(badMask.status, 400);

  const deleted = await engine.api(`${base(project)}/datasets/ds1`, { method: 'DELETE' });
  t.is(deleted.status, 200);
  t.is((await engine.api(`${base(project)}/datasets/ds1`)).status, 404);
});

test('a dataset lives in its own region only', async (t) => {
  const project = uniqueId('p');
  await engine.api(`${base(project)}/datasets?datasetId=home`, { method: 'POST', ...json({}) });
  t.is((await engine.api(`${base(project)}/datasets/home`)).status, 200);
  t.is((await engine.api(`${base(project, 'europe-west4')}/datasets/home`)).status, 404);
  const eu = await engine.regions.get('europe-west4').db('datasets').where({ project });
  t.is(eu.length, 0);
});

test('dataset list pages are stable and complete', async (t) => {
  const project = uniqueId('p');
  for (const id of ['a', 'b', 'c', 'd', 'e']) {
    await engine.api(`${base(project)}/datasets?datasetId=${id}`, { method: 'POST', ...json({}) });
  }
  const seen: string[] = [];
  let token = '';
  do {
    const page = await (await engine.api(`${base(project)}/datasets?pageSize=2${token ? `&pageToken=${token}` : ''}`)).json();
    seen.push(...page.datasets.map((d: { name: string }) => d.name.split('/').pop()));
    token = page.nextPageToken ?? '';
    if (seen.length === 2) await engine.api(`${base(project)}/datasets?datasetId=aa`, { method: 'POST', ...json({}) });
  } while (token);
  t.deepEqual(seen, ['a', 'b', 'c', 'd', 'e']);
  t.is((await engine.api(`${base(project)}/datasets?pageToken=garbage!`)).status, 400);
});

test('stores: create with Google fields, immutable fields refused on patch, delete', async (t) => {
  const project = uniqueId('p');
  const ds = `${base(project)}/datasets/d`;
  await engine.api(`${base(project)}/datasets?datasetId=d`, { method: 'POST', ...json({}) });
  const fhir = await engine.api(`${ds}/fhirStores?fhirStoreId=f1`, { method: 'POST', ...json({ version: 'R4', enableUpdateCreate: true, labels: { env: 'test' } }) });
  t.is(fhir.status, 200);
  t.deepEqual(await fhir.json(), { name: `${ds.slice(4)}/fhirStores/f1`, version: 'R4', enableUpdateCreate: true, labels: { env: 'test' } });
  const noVersion = await engine.api(`${ds}/fhirStores?fhirStoreId=f2`, { method: 'POST', ...json({}) });
  t.is(noVersion.status, 400);
  t.regex((await noVersion.json()).error.message, /version is required/);
  const unknownField = await engine.api(`${ds}/fhirStores?fhirStoreId=f3`, { method: 'POST', ...json({ version: 'R4', bogus: 1 }) });
  t.is(unknownField.status, 400);
  t.regex((await unknownField.json()).error.message, /bogus/);
  const immutable = await engine.api(`${ds}/fhirStores/f1?updateMask=disableReferentialIntegrity`, { method: 'PATCH', ...json({ disableReferentialIntegrity: true }) });
  t.is(immutable.status, 400);
  t.regex((await immutable.json()).error.message, /immutable/);
  const ok = await engine.api(`${ds}/fhirStores/f1?updateMask=enableUpdateCreate`, { method: 'PATCH', ...json({ enableUpdateCreate: false }) });
  t.is((await ok.json()).enableUpdateCreate, false);

  const hl7 = await engine.api(`${ds}/hl7V2Stores?hl7V2StoreId=h1`, { method: 'POST', ...json({ parserConfig: { allowNullHeader: true, segmentTerminator: 'DQ==' }, rejectDuplicateMessage: true }) });
  t.is(hl7.status, 200);
  const dicom = await engine.api(`${ds}/dicomStores?dicomStoreId=x1`, { method: 'POST', ...json({ labels: { modality: 'ct' } }) });
  t.is(dicom.status, 200);
  const list = await (await engine.api(`${ds}/dicomStores?filter=labels.modality=ct`)).json();
  t.is(list.dicomStores.length, 1);
  t.is((await engine.api(`${ds}/hl7V2Stores/h1`, { method: 'DELETE' })).status, 200);
  t.is((await engine.api(`${ds}/hl7V2Stores/h1`)).status, 404);
});

test('bad IDs, unknown query parameters and malformed JSON are 400s naming the problem', async (t) => {
  const project = uniqueId('p');
  const badId = await engine.api(`${base(project)}/datasets?datasetId=${encodeURIComponent('a/../b')}`, { method: 'POST', ...json({}) });
  t.is(badId.status, 400);
  t.regex((await badId.json()).error.message, /dataset ID/);
  const dots = await engine.api(`${base(project)}/datasets/..`);
  t.not(dots.status, 200);
  const unknownParam = await engine.api(`${base(project)}/datasets?colour=red`);
  t.is(unknownParam.status, 400);
  t.regex((await unknownParam.json()).error.message, /colour/);
  const malformed = await engine.api(`${base(project)}/datasets?datasetId=x`, { method: 'POST', body: '{"timeZone":' });
  t.is(malformed.status, 400);
  t.is((await engine.api(`${base(project)}/datasets/x`)).status, 404, 'nothing was written');
});

test('bodies over the limit are 413', async (t) => {
  const project = uniqueId('p');
  const huge = JSON.stringify({ labels: { a: 'x'.repeat(11 * 1024 * 1024) } });
  const res = await engine.api(`${base(project)}/datasets?datasetId=big`, { method: 'POST', body: huge });
  t.is(res.status, 413);
});

test('health, readiness and metrics', async (t) => {
  t.is((await fetch(`${engine.url}/healthz`)).status, 200);
  const ready = await (await fetch(`${engine.url}/readyz`)).json();
  t.is(ready.status, 'ready');
  t.is((await fetch(`${engine.url}/metrics`)).status, 401);
  const metrics = await engine.api('/metrics');
  t.is(metrics.status, 200);
  t.regex(await metrics.text(), /plexus_http_request_duration_seconds_bucket/);
});
