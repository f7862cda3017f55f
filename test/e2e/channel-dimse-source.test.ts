import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { stringify } from 'yaml';
import { Part10Dataset } from '../../connectors/dimse/part10-dataset.ts';
import { sendCStores } from '../../connectors/dimse/send-c-stores.ts';
import { BlobStore } from '../../engine/regions/blob-store.ts';
import { firstString } from '../../transforms/dicom/dicom-json.ts';
import { readPart10Header } from '../../transforms/dicom/read-part10-header.ts';
import { writeFileMeta } from '../../transforms/dicom/write-file-meta.ts';
import { multipartParts, readFixture } from '../helpers/dicom-fixtures.ts';
import { freePort } from '../../bench/harness/command-process.ts';
import { startTestEngine, type TestEngine } from '../helpers/test-engine.ts';

/**
 * A channel with `source: { dimse }`: C-STOREs from our own SCU (dcmjs-dimse, real sockets
 * on loopback) go through parse: dicom and a filter on Modality, then land in a DICOM store;
 * a second channel (storage metadata) relays to the first with a `dimse` destination.
 */
const PROJECT = 'dimsein';
const STORE = `projects/${PROJECT}/locations/local/datasets/d/dicomStores/pacs`;
const DICOMWEB = `/v1/${STORE}/dicomWeb`;
const CHANNELS = `/v1/projects/${PROJECT}/locations/local/channels`;

let engine: TestEngine;
let inPort: number;

function channelFile(channel: Record<string, unknown>): string {
  const file = join(mkdtempSync(join(tmpdir(), 'plexus-channel-')), `${String(channel.name)}.yaml`);
  writeFileSync(file, stringify(channel));
  return file;
}

test.before(async () => {
  inPort = await freePort();
  const inbound = channelFile({
    name: 'modality-in',
    region: 'local',
    source: { dimse: { aeTitle: 'PLEXUS_IN', port: inPort } },
    stages: [{ parse: 'dicom' }, { filter: { field: 'Modality', in: ['CT'] } }],
    destinations: [{ store: STORE }],
  });
  // relay -> sink: neither keeps content (storage metadata); the sink filters everything out.
  const sinkPort = await freePort();
  const relay = channelFile({
    name: 'relay',
    region: 'local',
    project: PROJECT,
    storage: 'metadata',
    source: { dimse: { aeTitle: 'RELAY', port: 0 } },
    destinations: [{ name: 'onward', dimse: { aet: 'SINK', host: '127.0.0.1', port: sinkPort, callingAet: 'RELAY', retry: { maxAttempts: 3, initialDelayMs: 20, maxDelayMs: 50 } } }],
  });
  const sink = channelFile({
    name: 'sink',
    region: 'local',
    storage: 'metadata',
    source: { dimse: { aeTitle: 'SINK', port: sinkPort } },
    stages: [{ parse: 'dicom' }, { filter: { field: 'Modality', equals: 'XA' } }],
    destinations: [{ store: STORE }],
  });
  const receipt = channelFile({
    name: 'receipt-in',
    region: 'local',
    source: { dimse: { aeTitle: 'RECEIPT_IN', port: 0, ack: 'on-receipt' } },
    stages: [{ parse: 'dicom' }],
    destinations: [{ store: STORE }],
  });
  const overHttp = channelFile({
    name: 'http-in',
    region: 'local',
    source: { http: { contentType: 'application/dicom' } },
    stages: [{ parse: 'dicom' }],
    destinations: [{ store: STORE }],
  });
  engine = await startTestEngine({
    channels: [inbound, relay, sink, receipt, overHttp],
    bootstrap: { datasets: [{ project: PROJECT, location: 'local', id: 'd', stores: [{ type: 'dicom', id: 'pacs', config: {} }] }] },
  });
});
test.after.always(async () => {
  await engine?.stop();
});

function datasetOf(file: Buffer): Part10Dataset {
  const { dataset, transferSyntaxUid } = readPart10Header(file, true);
  return new Part10Dataset({ sopClassUid: firstString(dataset, '00080016')!, sopInstanceUid: firstString(dataset, '00080018')!, transferSyntaxUid }, () => file);
}

async function cStore(port: number, calledAeTitle: string, files: Buffer[], callingAeTitle = 'MODALITY') {
  return sendCStores({ host: '127.0.0.1', port, callingAeTitle, calledAeTitle, timeoutMs: 10_000 }, files.map(datasetOf));
}

function journal(channel: string, controlId: string) {
  return engine.regions.get('local').db('channel_messages').where({ channel, control_id: controlId }).orderBy('id');
}

/** The data set part of a Part-10 file: what a C-STORE carries (the meta header is the receiver's own). */
function datasetBytes(file: Buffer): Buffer {
  return file.subarray(readPart10Header(file, true).datasetOffset);
}

/** The file an SCP of ours makes of a C-STORE of `file` sent in its own syntax. */
function receivedFile(file: Buffer): Buffer {
  const { dataset, transferSyntaxUid } = readPart10Header(file, true);
  const meta = writeFileMeta({ mediaStorageSopClassUid: firstString(dataset, '00080016')!, mediaStorageSopInstanceUid: firstString(dataset, '00080018')!, transferSyntaxUid });
  return Buffer.concat([meta, datasetBytes(file)]);
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

test.serial('a C-STORE goes through the channel and lands in the DICOM store: header in the journal, the instance as one blob', async (t) => {
  const ct = readFixture('CT_small.dcm');
  const uid = firstString(readPart10Header(ct, true).dataset, '00080018')!;
  const [outcome] = await cStore(inPort, 'PLEXUS_IN', [ct]);
  t.is(outcome.status, 0x0000, outcome.comment ?? outcome.reason);

  const [row] = await journal('modality-in', uid);
  t.is(row.status, 'TRANSFORMED');
  t.is(row.message_type, 'CT Image Storage');
  t.is(row.content_type, 'application/dicom');
  t.truthy(row.raw_blob);
  t.true(Buffer.from(row.raw).length < Number(row.raw_size), 'the row keeps the header only');
  const [instance] = await engine.regions.get('local').db('dicom_instances').where({ sop_instance_uid: uid });
  t.is(instance.blob_sha256, row.raw_blob, 'the store indexes the blob the channel received: one copy');
  t.is(row.raw_blob, sha256(receivedFile(ct)), 'the blob is the data set behind a meta header built from it alone');

  const qido = await engine.api(`${DICOMWEB}/instances?SOPInstanceUID=${uid}`);
  t.is(qido.status, 200);
  t.is((await qido.json()).length, 1);
  const wado = await engine.api(`${DICOMWEB}/studies/${instance.study_uid}/series/${instance.series_uid}/instances/${uid}`, { headers: { accept: 'multipart/related; type="application/dicom"; transfer-syntax=*' } });
  const [part] = await multipartParts(wado);
  t.is(datasetBytes(part.body).length, datasetBytes(ct).length);
  t.true(datasetBytes(part.body).equals(datasetBytes(ct)), 'the data set comes back byte for byte');
  t.is(readPart10Header(part.body, true).transferSyntaxUid, readPart10Header(ct, true).transferSyntaxUid, 'received in the syntax it was sent in');
});

test.serial('a filtered instance is answered Success and lands nowhere', async (t) => {
  const mr = readFixture('MR_small.dcm');
  const uid = firstString(readPart10Header(mr, true).dataset, '00080018')!;
  const [outcome] = await cStore(inPort, 'PLEXUS_IN', [mr]);
  t.is(outcome.status, 0x0000);
  const [row] = await journal('modality-in', uid);
  t.is(row.status, 'FILTERED');
  t.regex(row.filtered_by, /Modality in \["CT"\]/);
  t.is((await engine.regions.get('local').db('dicom_instances').where({ sop_instance_uid: uid })).length, 0);
});

test.serial('other bytes under a stored SOP Instance UID are refused with 0110, kept in the journal as ERROR', async (t) => {
  const ct = Buffer.from(readFixture('CT_small.dcm'));
  ct[ct.length - 1] ^= 0xff;
  const uid = firstString(readPart10Header(ct, true).dataset, '00080018')!;
  const [outcome] = await cStore(inPort, 'PLEXUS_IN', [ct]);
  t.is(outcome.status, 0x0110);
  t.regex(outcome.comment ?? '', /stored already/);
  const rows = await journal('modality-in', uid);
  const last = rows.at(-1);
  t.is(last.status, 'ERROR');
  t.truthy(last.raw_blob, 'the instance is kept for reprocessing');
  t.true(await new BlobStore(engine.regions.get('local').blobs).exists(last.raw_blob));
});

test.serial('reprocessing a DIMSE message runs it again from its blob; the store lands nothing new', async (t) => {
  const ct = readFixture('CT_small.dcm');
  const uid = firstString(readPart10Header(ct, true).dataset, '00080018')!;
  const [first] = await journal('modality-in', uid);
  const res = await engine.api(`${CHANNELS}/modality-in/messages/${first.message_id}:reprocess`, { method: 'POST' });
  t.is(res.status, 200, await res.clone().text());
  const rows = await journal('modality-in', uid);
  const again = rows.find((r) => r.reprocess_of === first.message_id);
  t.is(again.status, 'TRANSFORMED');
  t.is(again.raw_blob, first.raw_blob);
  t.is((await engine.regions.get('local').db('dicom_instances').where({ sop_instance_uid: uid })).length, 1);
});

test.serial('a relay forwards by C-STORE from its blob; what no channel keeps leaves the blob store (storage metadata)', async (t) => {
  const mr = readFixture('MR_small_implicit.dcm');
  const uid = firstString(readPart10Header(mr, true).dataset, '00080018')!;
  const [outcome] = await cStore(engine.channelPort('relay'), 'RELAY', [mr]);
  t.is(outcome.status, 0x0000, outcome.comment ?? outcome.reason);
  const db = engine.regions.get('local').db;
  // The relay has no parse stage, so no control id: its last message is this one.
  const row = await db('channel_messages').where({ channel: 'relay' }).orderBy('id', 'desc').first();
  t.is(row.raw, null);
  t.is(row.raw_blob, null, 'storage metadata keeps no content');
  let delivery;
  for (let i = 0; i < 250; i++) {
    delivery = await db('channel_deliveries').where({ message_pk: row.id, destination: 'onward' }).first();
    if (delivery.status !== 'QUEUED') break;
    await new Promise((r) => setTimeout(r, 20));
  }
  t.is(delivery.status, 'SENT', String(delivery.error));
  t.is(delivery.content, null);
  t.is(delivery.content_blob, null);
  const [sunk] = await journal('sink', uid);
  t.is(sunk.status, 'FILTERED');
  t.is(sunk.raw_blob, null);
  // Both received the same bytes (the meta header is built from the data set alone); once sent, nothing refers to them.
  t.false(await new BlobStore(engine.regions.get('local').blobs).exists(sha256(receivedFile(mr))));
});

test.serial('a C-STORE to another AE title is rejected at association', async (t) => {
  const [outcome] = await cStore(inPort, 'WRONG_AE', [readFixture('CT_small.dcm')]);
  t.is(outcome.status, undefined);
  t.regex(outcome.reason ?? '', /rejected the association/);
});

async function settled(channel: string, uid: string) {
  for (let i = 0; i < 250; i++) {
    const [row] = await journal(channel, uid);
    if (row && row.status !== 'RECEIVED') return row;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${uid} was never processed by ${channel}`);
}

test.serial('with ack on-receipt the C-STORE is answered once journaled; the instance lands after', async (t) => {
  const mr = readFixture('MR_small_RLE.dcm');
  const uid = firstString(readPart10Header(mr, true).dataset, '00080018')!;
  const [outcome] = await sendCStores({ host: '127.0.0.1', port: engine.channelPort('receipt-in'), callingAeTitle: 'MODALITY', calledAeTitle: 'RECEIPT_IN', timeoutMs: 10_000 }, [datasetOf(mr)]);
  t.is(outcome.status, 0x0000, outcome.comment ?? outcome.reason);
  const row = await settled('receipt-in', uid);
  t.is(row.status, 'TRANSFORMED', String(row.error));
  const [instance] = await engine.regions.get('local').db('dicom_instances').where({ sop_instance_uid: uid });
  t.is(instance.blob_sha256, row.raw_blob);
  t.is(instance.transfer_syntax_uid, '1.2.840.10008.1.2.5', 'stored as received: RLE');
});

test.serial('an HTTP source carrying application/dicom lands in the DICOM store: the bytes go into the blob store before the commit', async (t) => {
  const sc = readFixture('SC_rgb_small_odd.dcm');
  const uid = firstString(readPart10Header(sc, true).dataset, '00080018')!;
  const res = await engine.api(`${CHANNELS}/http-in:send`, { method: 'POST', headers: { 'content-type': 'application/dicom' }, body: new Uint8Array(sc) });
  t.is(res.status, 200, await res.clone().text());
  const [row] = await journal('http-in', uid);
  t.is(row.status, 'TRANSFORMED');
  t.is(row.raw_blob, null, 'under 1 MB the raw stays in the row');
  const [instance] = await engine.regions.get('local').db('dicom_instances').where({ sop_instance_uid: uid });
  t.is(instance.blob_sha256, sha256(sc), 'the file as sent');
  t.true(await new BlobStore(engine.regions.get('local').blobs).exists(instance.blob_sha256));
  const bad = await engine.api(`${CHANNELS}/http-in:send`, { method: 'POST', headers: { 'content-type': 'application/dicom' }, body: new Uint8Array(Buffer.from('not DICOM at all')) });
  t.is(bad.status, 400);
});

test.serial('an instance over limits.stow is answered A700 naming the limit, audited, and leaves nothing behind', async (t) => {
  const small = await startTestEngine({
    limits: { stow: '20KB' },
    channels: [channelFile({ name: 'small-in', region: 'local', project: PROJECT, source: { dimse: { aeTitle: 'SMALL_IN', port: 0 } }, destinations: [{ name: 'http', http: { url: 'http://127.0.0.1:9/' } }] })],
  });
  try {
    const [outcome] = await sendCStores({ host: '127.0.0.1', port: small.channelPort('small-in'), callingAeTitle: 'MODALITY', calledAeTitle: 'SMALL_IN', timeoutMs: 10_000 }, [datasetOf(readFixture('CT_small.dcm'))]);
    t.is(outcome.status, 0xa700);
    t.regex(outcome.comment ?? '', /exceeds the 20480-byte limit/);
    const db = small.regions.get('local').db;
    t.deepEqual(await db('channel_messages').where({ channel: 'small-in' }), []);
    let audited: Array<{ status: number; method: string }> = [];
    for (let i = 0; i < 100 && audited.length === 0; i++) {
      audited = await db('audit_entries').where({ resource: `projects/${PROJECT}/locations/local/channels/small-in` });
      if (audited.length === 0) await new Promise((r) => setTimeout(r, 20));
    }
    t.like(audited[0], { status: 413, method: 'C-STORE' });
    const uploads = join(small.regions.get('local').blobs, 'tmp');
    t.deepEqual(existsSync(uploads) ? readdirSync(uploads) : [], [], 'the partial upload is removed');
  } finally {
    await small.stop();
  }
});
