import { createHash, randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import test from 'ava';
import { multipartParts, newDicomStore, readFixture, stow, stowBody } from '../helpers/dicom-fixtures.ts';
import { awaitOperation, type OperationJson } from '../helpers/await-operation.ts';
import { startTestEngine, type TestEngine } from '../helpers/test-engine.ts';
import { readPart10Header } from '../../transforms/dicom/read-part10-header.ts';

let engine: TestEngine;
test.before(async () => {
  engine = await startTestEngine();
});
test.after.always(async () => {
  await engine?.stop();
});

const CT = '1.3.6.1.4.1.5962.1.2.1.20040119072730.12322';
const MR = '1.3.6.1.4.1.5962.1.2.4.20040826185059.5457';
const DICOM_JSON = { accept: 'application/dicom+json' };

async function storeWithCtAndMr(): Promise<string> {
  const dicomWeb = await newDicomStore(engine);
  const res = await stow(engine, dicomWeb, [readFixture('CT_small.dcm'), readFixture('MR_small_implicit.dcm'), readFixture('SC_rgb_rle.dcm')]);
  if (res.status !== 200) throw new Error(`${res.status} ${await res.text()}`);
  return dicomWeb;
}

async function qido(path: string) {
  const res = await engine.api(path, { headers: DICOM_JSON });
  return { res, body: res.status === 200 ? await res.json() : await res.text() };
}

test('STOW-RS answers 202 for a mix, 415 for other media types and 400 for a body with no instance', async (t) => {
  const dicomWeb = await newDicomStore(engine);
  const mixed = await stow(engine, dicomWeb, [readFixture('CT_small.dcm'), readFixture('no_meta.dcm')]);
  t.is(mixed.status, 202);
  const report = await mixed.json();
  t.is(report['00081199'].Value.length, 1);
  t.is(report['00081198'].Value.length, 1);
  t.is(report['00081198'].Value[0]['00081197'].Value[0], 0xc000);

  const json = await engine.api(`${dicomWeb}/studies`, { method: 'POST', headers: { 'content-type': 'application/dicom+json' }, body: '[]' });
  t.is(json.status, 415);
  const empty = stowBody([]);
  t.is((await engine.api(`${dicomWeb}/studies`, { method: 'POST', headers: { 'content-type': empty.contentType }, body: empty.body })).status, 400);
  const truncated = stowBody([readFixture('CT_small.dcm')]);
  const cut = await engine.api(`${dicomWeb}/studies`, { method: 'POST', headers: { 'content-type': truncated.contentType }, body: truncated.body.slice(0, 20000) });
  t.is(cut.status, 400);
  t.regex((await cut.json()).error.message, /closing boundary/);
});

test('STOW-RS to studies/{study} refuses instances of another study', async (t) => {
  const dicomWeb = await newDicomStore(engine);
  const res = await stow(engine, dicomWeb, [readFixture('CT_small.dcm'), readFixture('MR_small.dcm')], `studies/${CT}`);
  t.is(res.status, 202);
  const report = await res.json();
  t.is(report['00081190'].Value[0].endsWith(`/studies/${CT}`), true);
  t.regex(report['00081198'].Value[0]['00000902'].Value[0], /belongs to study/);
});

test('QIDO-RS finds studies, series and instances by keyword, tag, wildcard, range and UID list', async (t) => {
  const dicomWeb = await storeWithCtAndMr();
  const all = await qido(`${dicomWeb}/studies`);
  t.regex(all.res.headers.get('content-type')!, /^application\/dicom\+json/);
  t.is(all.body.length, 3);
  const ct = all.body.find((s: Record<string, { Value: unknown[] }>) => s['0020000D'].Value[0] === CT);
  t.deepEqual(ct['00080061'].Value, ['CT']);
  t.is(ct['00201208'].Value[0], 1);
  t.deepEqual(ct['00100010'].Value, [{ Alphabetic: 'CompressedSamples^CT1' }]);
  t.true(ct['00081190'].Value[0].endsWith(`/dicomWeb/studies/${CT}`));

  t.is((await qido(`${dicomWeb}/studies?PatientName=compressed*`)).body.length, 2, 'names match case-insensitively with wildcards');
  t.is((await qido(`${dicomWeb}/studies?00100010=CompressedSamples%5EMR1`)).body.length, 1, 'by tag');
  t.is((await qido(`${dicomWeb}/studies?StudyDate=20040101-20041231`)).body.length, 2);
  t.is((await qido(`${dicomWeb}/studies?StudyDate=-20040201`)).body.length, 1);
  t.is((await qido(`${dicomWeb}/studies?ModalitiesInStudy=MR`)).body.length, 1);
  t.is((await qido(`${dicomWeb}/studies?StudyInstanceUID=${CT},${MR}`)).body.length, 2);
  t.is((await qido(`${dicomWeb}/studies?PatientID=nobody`)).body.length, 0);

  const series = await qido(`${dicomWeb}/studies/${MR}/series`);
  t.is(series.body.length, 1);
  t.is(series.body[0]['00080060'].Value[0], 'MR');
  t.is(series.body[0]['00201209'].Value[0], 1);
  t.is((await qido(`${dicomWeb}/series?Modality=CT`)).body.length, 1);

  const instances = await qido(`${dicomWeb}/instances?includefield=00280010,Columns`);
  t.is(instances.body.length, 3);
  t.truthy(instances.body[0]['00080018']);
  t.truthy(instances.body[0]['00280010'].Value[0]);
  const everything = await qido(`${dicomWeb}/studies/${CT}/instances?includefield=all`);
  t.truthy(everything.body[0]['00180050'], 'includefield=all returns the instance attributes (Slice Thickness)');
});

test('QIDO-RS pages with limit and offset, warns about the rest and about fuzzy matching, and refuses what it cannot match', async (t) => {
  const dicomWeb = await storeWithCtAndMr();
  const first = await qido(`${dicomWeb}/studies?limit=2`);
  t.is(first.body.length, 2);
  t.regex(first.res.headers.get('warning')!, /^299 .*: There are 1 additional results that can be requested$/);
  const rest = await qido(`${dicomWeb}/studies?limit=2&offset=2`);
  t.is(rest.body.length, 1);
  t.is(rest.res.headers.get('warning'), null);
  const names = [...first.body, ...rest.body].map((s) => s['0020000D'].Value[0]);
  t.is(new Set(names).size, 3);

  const fuzzy = await qido(`${dicomWeb}/studies?PatientName=compressed*&fuzzymatching=true`);
  t.is(fuzzy.body.length, 2);
  t.regex(fuzzy.res.headers.get('warning')!, /The fuzzymatching parameter is not supported\. Only literal matching has been performed\./);

  for (const bad of ['StudyDate=2004', 'NoSuchKeyword=1', 'SliceThickness=1', 'limit=-1', 'SeriesNumber=x']) {
    const res = await qido(`${dicomWeb}/studies?${bad}`);
    t.is(res.res.status, 400, bad);
  }
});

test('WADO-RS gives instances as stored, Explicit VR Little Endian by default, and 406 for what it cannot produce', async (t) => {
  const dicomWeb = await storeWithCtAndMr();
  const study = await engine.api(`${dicomWeb}/studies/${MR}`, { headers: { accept: 'multipart/related; type="application/dicom"' } });
  t.is(study.status, 200);
  const [part] = await multipartParts(study);
  t.is(part.headers['content-type'], 'application/dicom; transfer-syntax=1.2.840.10008.1.2.1');
  const header = readPart10Header(part.body, true);
  t.is(header.transferSyntaxUid, '1.2.840.10008.1.2.1');
  const original = readPart10Header(readFixture('MR_small_implicit.dcm'), true);
  t.deepEqual(header.dataset, original.dataset, 'the implicit VR instance re-encoded says the same');

  const asStored = await engine.api(`${dicomWeb}/studies/${MR}`, { headers: { accept: 'multipart/related; type="application/dicom"; transfer-syntax=*' } });
  t.true((await multipartParts(asStored))[0].body.equals(readFixture('MR_small_implicit.dcm')));

  const rle = readPart10Header(readFixture('SC_rgb_rle.dcm'), true).dataset['0020000D'].Value![0] as string;
  const refused = await engine.api(`${dicomWeb}/studies/${rle}`, { headers: { accept: 'multipart/related; type="application/dicom"; transfer-syntax=1.2.840.10008.1.2.4.50' } });
  t.is(refused.status, 406);
  t.is((await engine.api(`${dicomWeb}/studies/${CT}`, { headers: { accept: 'application/json' } })).status, 406);
  t.is((await engine.api(`${dicomWeb}/studies/1.2.3`)).status, 404);
  t.is((await engine.api(`${dicomWeb}/studies/not-a-uid`)).status, 400);
});

test('WADO-RS metadata gives each instance as DICOM JSON with absolute BulkDataURIs', async (t) => {
  const dicomWeb = await newDicomStore(engine);
  t.is((await stow(engine, dicomWeb, [readFixture('waveform_ecg.dcm'), readFixture('CT_small.dcm')])).status, 200);
  const res = await engine.api(`${dicomWeb}/studies/${CT}/metadata`, { headers: DICOM_JSON });
  t.is(res.status, 200);
  const [ct] = await res.json();
  t.deepEqual(ct['00100010'], { vr: 'PN', Value: [{ Alphabetic: 'CompressedSamples^CT1' }] });
  t.is(ct['00280010'].Value[0], 128);
  t.is(ct['7FE00010'], undefined, 'metadata stops before Pixel Data');
  const waveform = readPart10Header(readFixture('waveform_ecg.dcm'), true).dataset;
  const series = `${waveform['0020000D'].Value![0]}/series/${waveform['0020000E'].Value![0]}`;
  const [ecg] = await (await engine.api(`${dicomWeb}/studies/${series}/metadata`, { headers: DICOM_JSON })).json();
  const bulk = JSON.stringify(ecg).match(/"BulkDataURI":"([^"]+)"/)![1];
  t.regex(bulk, /^http:\/\/127\.0\.0\.1:\d+\/v1\/projects\/.*\/instances\/[0-9.]+\/bulkdata\/54000100\/0\/54001010$/);
});

/** The fixture with its last pixel byte changed, so that its bytes are this test's own (blobs are shared by content). */
function ownCopy(file: string): Buffer {
  const bytes = Buffer.from(readFixture(file));
  bytes[bytes.length - 1] ^= randomBytes(1)[0] | 1;
  return bytes;
}

/** DELETE a study or series: Google's long-running operation, awaited; its final JSON. */
async function deleteScope(path: string): Promise<OperationJson> {
  const res = await engine.api(path, { method: 'DELETE' });
  if (res.status !== 200) throw new Error(`DELETE ${path}: ${res.status} ${await res.text()}`);
  const started = (await res.json()) as OperationJson;
  if (!/\/operations\/\d+$/.test(started.name)) throw new Error(`not an operation: ${JSON.stringify(started)}`);
  return awaitOperation(engine, started.name);
}

test('DELETE of a study is a long-running operation that removes its index rows and, once unreferenced, its bytes', async (t) => {
  const dicomWeb = await newDicomStore(engine);
  const ct = ownCopy('CT_small.dcm');
  const mr = ownCopy('MR_small_implicit.dcm');
  t.is((await stow(engine, dicomWeb, [ct, mr])).status, 200);
  const other = await newDicomStore(engine);
  t.is((await stow(engine, other, [mr])).status, 200, 'the same bytes in another store');
  const blobs = () => new Set(readdirSync(engine.regions.get('local').blobs, { recursive: true }).map((f) => String(f).slice(-64)));
  const kept = (bytes: Buffer) => blobs().has(createHash('sha256').update(bytes).digest('hex'));
  t.true(kept(ct) && kept(mr));
  const done = await deleteScope(`${dicomWeb}/studies/${CT}`);
  t.is(done.metadata.apiMethodName, 'google.cloud.healthcare.v1.dicom.DicomWebService.DeleteStudy');
  t.deepEqual(done.response, { '@type': 'type.googleapis.com/google.protobuf.Empty' });
  t.is(done.metadata.counter?.success, '1');
  t.false(kept(ct), 'the CT bytes are erased');
  t.is((await engine.api(`${dicomWeb}/studies/${CT}`)).status, 404);
  t.is((await engine.api(`${dicomWeb}/studies/${CT}`, { method: 'DELETE' })).status, 404, 'nothing left to delete: 404 at once, no operation');
  await deleteScope(`${dicomWeb}/studies/${MR}`);
  t.true(kept(mr), 'the MR bytes stay: the other store refers to them');
  t.is((await qido(`${other}/studies`)).body.length, 1);
});

test('DELETE of a series is an operation too; DELETE of an instance answers at once with an empty body', async (t) => {
  const dicomWeb = await newDicomStore(engine);
  t.is((await stow(engine, dicomWeb, [ownCopy('CT_small.dcm'), ownCopy('MR_small_implicit.dcm')])).status, 200);
  const [ct] = (await qido(`${dicomWeb}/studies/${CT}/instances`)).body as Array<Record<string, { Value: string[] }>>;
  const series = ct['0020000E'].Value[0];
  const instance = ct['00080018'].Value[0];
  const res = await engine.api(`${dicomWeb}/studies/${CT}/series/${series}/instances/${instance}`, { method: 'DELETE' });
  t.is(res.status, 200);
  t.deepEqual(await res.json(), {});
  t.is((await engine.api(`${dicomWeb}/studies/${CT}/series/${series}/instances/${instance}`, { method: 'DELETE' })).status, 404);
  t.is((await engine.api(`${dicomWeb}/studies/${CT}/series/${series}`, { method: 'DELETE' })).status, 404, 'the series went with its only instance');
  const [mr] = (await qido(`${dicomWeb}/studies/${MR}/instances`)).body as Array<Record<string, { Value: string[] }>>;
  const done = await deleteScope(`${dicomWeb}/studies/${MR}/series/${mr['0020000E'].Value[0]}`);
  t.is(done.metadata.apiMethodName, 'google.cloud.healthcare.v1.dicom.DicomWebService.DeleteSeries');
  t.is((await qido(`${dicomWeb}/studies`)).body.length, 0);
});

test('DICOMweb routes need their permissions', async (t) => {
  const dicomWeb = await newDicomStore(engine);
  const stranger = { key: engine.strangerKey };
  t.is((await engine.api(`${dicomWeb}/studies`, stranger)).status, 403);
  const { body, contentType } = stowBody([readFixture('CT_small.dcm')]);
  t.is((await engine.api(`${dicomWeb}/studies`, { ...stranger, method: 'POST', headers: { 'content-type': contentType }, body })).status, 403);
  t.is((await engine.api(`${dicomWeb}/studies/${CT}`, { ...stranger, method: 'DELETE' })).status, 403);
});
