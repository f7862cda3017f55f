import test from 'ava';
import { startTestEngine, type TestEngine } from '../helpers/test-engine.ts';
import { connectTestNats, NATS_URL, natsTest, takeJson } from '../helpers/test-nats.ts';
import { uniqueId } from '../helpers/test-region.ts';

let engine: TestEngine;

test.before(async () => {
  engine = await startTestEngine({ notifications: { nats: { url: NATS_URL }, pollIntervalMs: 100 } });
});
test.after.always(async () => {
  await engine?.stop();
});

natsTest('FHIR writes are announced per notificationConfig: names only, or the full resource when asked', async (t) => {
  const project = uniqueId('p');
  const nats = await connectTestNats();
  const names = nats.subscribe(`projects.${project}.topics.names`);
  const full = nats.subscribe(`projects.${project}.topics.full`);
  await nats.flush();
  const base = `/v1/projects/${project}/locations/local/datasets`;
  await engine.api(`${base}?datasetId=d`, { method: 'POST', body: '{}' });
  const created = await engine.api(`${base}/d/fhirStores?fhirStoreId=s`, { method: 'POST', body: JSON.stringify({
    version: 'R4',
    notificationConfigs: [
      { pubsubTopic: `projects/${project}/topics/names` },
      { pubsubTopic: `projects/${project}/topics/full`, sendFullResource: true, sendPreviousResourceOnDelete: true },
    ],
  }) });
  t.is(created.status, 200);
  const fhir = `${base}/d/fhirStores/s/fhir`;
  const patient = await (await engine.api(`${fhir}/Patient`, { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify({ resourceType: 'Patient', gender: 'male' }) })).json();
  await engine.api(`${fhir}/Patient/${patient.id}`, { method: 'DELETE' });
  const [create, remove] = await takeJson(names, 2);
  t.is(create.name, `projects/${project}/locations/local/datasets/d/fhirStores/s/fhir/Patient/${patient.id}`);
  t.like(create.attributes, { action: 'CreateResource', resourceType: 'Patient', versionId: '1', payloadType: 'NameOnly' });
  t.is(create.resource, undefined);
  t.like(remove.attributes, { action: 'DeleteResource', versionId: '2' });
  const [createFull, removeFull] = await takeJson(full, 2);
  t.is((createFull.resource as { gender: string }).gender, 'male');
  t.is((removeFull.resource as { meta: { versionId: string } }).meta.versionId, '1');
  await nats.close();
});
