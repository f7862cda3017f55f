import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import test from 'ava';
import { stringify } from 'yaml';
import { DICOM_FIXTURES, dicomFixtures, multipartParts, readFixture } from '../helpers/dicom-fixtures.ts';
import { freePort } from '../../bench/harness/command-process.ts';
import { startTestEngine, type TestEngine } from '../helpers/test-engine.ts';
import { readFileMetaHeader } from '../../transforms/dicom/read-part10-header.ts';
import { fileURLToPath } from 'node:url';

const run = promisify(execFile);
/** dcmtk peers make this a heavy test: CI runs it once, in the PostgreSQL pass (PLEXUS_HEAVY_TESTS). */
const dcmtkTest = process.env.PLEXUS_HEAVY_TESTS ? test.serial : test.serial.skip;
const heavy = Boolean(process.env.PLEXUS_HEAVY_TESTS);
/** dcmtk waits for delayed ACKs without it. */
const DCMTK_ENV = { ...process.env, TCP_NODELAY: '1' };
const STORE = 'projects/dimse/locations/local/datasets/d/dicomStores/s';
const DICOMWEB = `/v1/${STORE}/dicomWeb`;
const CHANNEL_STORE = 'projects/dimse/locations/local/datasets/d/dicomStores/c';
const CT_STUDY = '1.3.6.1.4.1.5962.1.2.1.20040119072730.12322';

let engine: TestEngine;
let port: number;
let receiver: { process: ChildProcess; port: number; folder: string };

test.before(async () => {
  if (!heavy) return;
  const folder = mkdtempSync(join(tmpdir(), 'plexus-storescp-'));
  const receiverPort = await freePort();
  const storescp = spawn('storescp', ['--aetitle', 'RECEIVER', '--output-directory', folder, String(receiverPort)], { env: DCMTK_ENV, stdio: 'ignore' });
  receiver = { process: storescp, port: receiverPort, folder };
  // The same instances through a channel: parse: dicom, then a store of its own.
  const channel = join(mkdtempSync(join(tmpdir(), 'plexus-channel-')), 'archive-in.yaml');
  writeFileSync(channel, stringify({ name: 'archive-in', region: 'local', source: { dimse: { aeTitle: 'ARCHIVE_IN', port: 0 } }, stages: [{ parse: 'dicom' }], destinations: [{ store: CHANNEL_STORE }] }));
  engine = await startTestEngine({
    dimse: [{ aeTitle: 'PLEXUS', host: '127.0.0.1', port: 0, store: STORE, moveDestinations: [{ aeTitle: 'RECEIVER', host: '127.0.0.1', port: receiverPort }] }],
    channels: [channel],
    bootstrap: { datasets: [{ project: 'dimse', location: 'local', id: 'd', stores: [{ type: 'dicom', id: 's', config: {} }, { type: 'dicom', id: 'c', config: {} }] }] },
  });
  port = engine.dimsePorts[0];
});
test.after.always(async () => {
  receiver?.process.kill();
  await engine?.stop();
});

const fixturePath = (file: string) => fileURLToPath(new URL(file, DICOM_FIXTURES));
const dcmtk = (tool: string, args: string[]) => run(tool, args, { env: DCMTK_ENV }).then(
  ({ stdout, stderr }) => ({ ok: true, output: stdout + stderr }),
  (error: { stdout?: string; stderr?: string }) => ({ ok: false, output: `${error.stdout ?? ''}${error.stderr ?? ''}` }),
);

dcmtkTest('echoscu gets C-ECHO success; a wrong called AE title is rejected', async (t) => {
  t.true((await dcmtk('echoscu', ['-aec', 'PLEXUS', '127.0.0.1', String(port)])).ok);
  const wrong = await dcmtk('echoscu', ['-aec', 'SOMEONE', '127.0.0.1', String(port)]);
  t.false(wrong.ok);
  t.regex(wrong.output, /Called AE Title Not Recognized/i);
});

/** storescu proposes uncompressed syntaxes unless told which one a file needs (dcmtk's -x options). */
const STORESCU_PROPOSAL: Record<string, string> = {
  '1.2.840.10008.1.2': '-xi',
  '1.2.840.10008.1.2.1': '-xe',
  '1.2.840.10008.1.2.2': '-xb',
  '1.2.840.10008.1.2.1.99': '-xd',
  '1.2.840.10008.1.2.4.50': '-xy',
  '1.2.840.10008.1.2.4.70': '-xs',
  '1.2.840.10008.1.2.4.80': '-xt',
  '1.2.840.10008.1.2.4.90': '-xv',
  '1.2.840.10008.1.2.4.91': '-xw',
  '1.2.840.10008.1.2.5': '-xr',
};

dcmtkTest('storescu stores every storable fixture (one association per transfer syntax) as received', async (t) => {
  const bySyntax = new Map<string, string[]>();
  for (const fixture of dicomFixtures().filter((f) => f.expected === 'store' && !f.conflictsWith)) {
    const syntax = readFileMetaHeader(readFixture(fixture.file), true).transferSyntaxUid;
    bySyntax.set(syntax, [...(bySyntax.get(syntax) ?? []), fixture.file]);
  }
  t.true(bySyntax.size >= 7);
  for (const [syntax, files] of bySyntax) {
    const result = await dcmtk('storescu', ['-aec', 'PLEXUS', '--required', STORESCU_PROPOSAL[syntax], '127.0.0.1', String(port), ...files.map(fixturePath)]);
    t.true(result.ok, `${syntax}: ${result.output}`);
  }
  const instances = await (await engine.api(`${DICOMWEB}/instances?limit=1000`)).json();
  t.is(instances.length, [...bySyntax.values()].flat().length);
  const back = await engine.api(`${DICOMWEB}/studies/${CT_STUDY}`, { headers: { accept: 'multipart/related; type="application/dicom"; transfer-syntax=*' } });
  const [part] = await multipartParts(back);
  t.true(part.body.subarray(132).includes(readFixture('CT_small.dcm').subarray(400, 4000)), 'the CT data set arrives as sent');
});

dcmtkTest('storescu sends every storable fixture through a channel (parse: dicom): each lands with the metadata the listener stored', async (t) => {
  for (const fixture of dicomFixtures().filter((f) => f.expected === 'store' && !f.conflictsWith)) {
    const syntax = readFileMetaHeader(readFixture(fixture.file), true).transferSyntaxUid;
    const result = await dcmtk('storescu', ['-aec', 'ARCHIVE_IN', '--required', STORESCU_PROPOSAL[syntax], '127.0.0.1', String(engine.channelPort('archive-in')), fixturePath(fixture.file)]);
    t.true(result.ok, `${fixture.file}: ${result.output}`);
  }
  const journal = await engine.regions.get('local').db('channel_messages').where({ channel: 'archive-in' });
  for (const row of journal) t.is(row.status, 'TRANSFORMED', `${row.control_id}: ${row.error}`);
  const viaChannel = await (await engine.api(`/v1/${CHANNEL_STORE}/dicomWeb/instances?limit=1000&includefield=all`)).json();
  const viaListener = await (await engine.api(`${DICOMWEB}/instances?limit=1000&includefield=all`)).json();
  t.is(viaChannel.length, viaListener.length);
  t.is(journal.length, viaListener.length);
  const key = (instance: Record<string, { Value?: string[] }>) => instance['00080018'].Value![0];
  const listenerByUid = new Map(viaListener.map((instance: Record<string, { Value?: string[] }>) => [key(instance), instance]));
  for (const instance of viaChannel) {
    const other = listenerByUid.get(key(instance)) as Record<string, { BulkDataURI?: string }>;
    const strip = (json: Record<string, unknown>) => JSON.parse(JSON.stringify(json).replaceAll('/dicomStores/c/', '/dicomStores/s/'));
    t.deepEqual(strip(instance), strip(other), `${key(instance)} reads the same through the channel`);
  }
});

dcmtkTest('C-STORE refusals carry a failure status and an Error Comment; data sets without a meta header are stored', async (t) => {
  const conflict = await dcmtk('storescu', ['-d', '-aec', 'PLEXUS', '-xe', '127.0.0.1', String(port), fixturePath('MR_small_padded.dcm')]);
  t.regex(conflict.output, /Status\s*: 0x0110/, conflict.output);
  t.regex(conflict.output, /stored already with other content/);
  const palette = await dcmtk('storescu', ['-d', '-aec', 'PLEXUS', '--required', '127.0.0.1', String(port), fixturePath('palettes__hotiron.dcm')]);
  t.regex(palette.output, /Status\s*: 0xa900/i, palette.output);
  t.regex(palette.output, /no Study Instance UID/);
  const noMeta = await dcmtk('storescu', ['-aec', 'PLEXUS', '--read-dataset', '127.0.0.1', String(port), fixturePath('rtstruct.dcm')]);
  t.true(noMeta.ok, noMeta.output);
});

dcmtkTest('findscu finds studies (Study Root) and patients (Patient Root) with wildcards', async (t) => {
  const study = await dcmtk('findscu', ['-aec', 'PLEXUS', '-S', '-k', 'QueryRetrieveLevel=STUDY', '-k', 'PatientName=CompressedSamples*', '-k', 'StudyInstanceUID', '-k', 'NumberOfStudyRelatedInstances', '127.0.0.1', String(port)]);
  t.true(study.ok, study.output);
  t.regex(study.output, new RegExp(CT_STUDY.replaceAll('.', '\\.')));
  t.regex(study.output, /NumberOfStudyRelatedInstances/);
  const patient = await dcmtk('findscu', ['-aec', 'PLEXUS', '-P', '-k', 'QueryRetrieveLevel=PATIENT', '-k', 'PatientID', '-k', 'PatientName=CompressedSamples^CT1', '127.0.0.1', String(port)]);
  t.true(patient.ok, patient.output);
  t.regex(patient.output, /CompressedSamples\^CT1/);
  const none = await dcmtk('findscu', ['-aec', 'PLEXUS', '-S', '-k', 'QueryRetrieveLevel=STUDY', '-k', 'PatientName=Nobody', '127.0.0.1', String(port)]);
  t.true(none.ok);
  t.notRegex(none.output, /Find Response: \d+ \(Pending\)/);
});

dcmtkTest('movescu moves a study to a storescp; getscu gets it back on its own association', async (t) => {
  const moved = await dcmtk('movescu', ['-aec', 'PLEXUS', '-aem', 'RECEIVER', '-S', '-k', 'QueryRetrieveLevel=STUDY', '-k', `StudyInstanceUID=${CT_STUDY}`, '127.0.0.1', String(port)]);
  t.true(moved.ok, moved.output);
  const received = readdirSync(receiver.folder);
  t.is(received.length, 1, moved.output);
  t.true(readFileSync(join(receiver.folder, received[0])).includes(readFixture('CT_small.dcm').subarray(1000, 3000)));

  const unknown = await dcmtk('movescu', ['-aec', 'PLEXUS', '-aem', 'NOBODY', '-S', '-k', 'QueryRetrieveLevel=STUDY', '-k', `StudyInstanceUID=${CT_STUDY}`, '127.0.0.1', String(port)]);
  t.regex(unknown.output, /MoveDestinationUnknown/);

  const folder = mkdtempSync(join(tmpdir(), 'plexus-getscu-'));
  const got = await dcmtk('getscu', ['-aec', 'PLEXUS', '-S', '-od', folder, '-k', 'QueryRetrieveLevel=STUDY', '-k', `StudyInstanceUID=${CT_STUDY}`, '127.0.0.1', String(port)]);
  t.true(got.ok, got.output);
  t.is(readdirSync(folder).length, 1, got.output);
});
