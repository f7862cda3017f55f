import test from 'ava';
import { readFixture, stow } from '../helpers/dicom-fixtures.ts';
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

natsTest('each instance stored is announced through notificationConfig; the same bytes again are not', async (t) => {
  const project = uniqueId('p');
  const nats = await connectTestNats();
  const topic = nats.subscribe(`projects.${project}.topics.dicom`);
  await nats.flush();
  const base = `/v1/projects/${project}/locations/local/datasets`;
  await engine.api(`${base}?datasetId=d`, { method: 'POST', body: '{}' });
  const created = await engine.api(`${base}/d/dicomStores?dicomStoreId=s`, { method: 'POST', body: JSON.stringify({ notificationConfig: { pubsubTopic: `projects/${project}/topics/dicom` } }) });
  t.is(created.status, 200);
  const dicomWeb = `${base}/d/dicomStores/s/dicomWeb`;
  t.is((await stow(engine, dicomWeb, [readFixture('CT_small.dcm')])).status, 200);
  t.is((await stow(engine, dicomWeb, [readFixture('CT_small.dcm')])).status, 200);
  t.is((await stow(engine, dicomWeb, [readFixture('MR_small.dcm')])).status, 200);
  const [ct, mr] = await takeJson(topic, 2);
  t.is(ct.name, `projects/${project}/locations/local/datasets/d/dicomStores/s/dicomWeb/studies/1.3.6.1.4.1.5962.1.2.1.20040119072730.12322/series/1.3.6.1.4.1.5962.1.3.1.1.20040119072730.12322/instances/1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322`);
  t.like(ct.attributes, { action: 'StoreInstances', sopClassUid: '1.2.840.10008.5.1.4.1.1.2' });
  t.regex(String(mr.name), /\/instances\/1\.3\.6\.1\.4\.1\.5962\.1\.1\.4\.1\.1\.20040826185059\.5457$/, 'the repeated CT made no message');
  await nats.close();
});
