import test from 'ava';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { encodeMllpFrame } from '../../connectors/mllp/encode-mllp-frame.ts';
import { MllpFrameReader } from '../../connectors/mllp/mllp-frame-reader.ts';
import { MllpSender } from '../../connectors/mllp/mllp-sender.ts';
import { createLogger } from '../../engine/logger.ts';
import { BlobStore } from '../../engine/regions/blob-store.ts';
import { parseHl7v2Message } from '../../transforms/hl7v2/parse-hl7v2-message.ts';
import { startTestEngine, type TestEngine } from '../helpers/test-engine.ts';

const DATASET = 'projects/chan/locations/local/datasets/feeds';
const dir = mkdtempSync(join(tmpdir(), 'plexus-channels-'));

function channelFile(name: string, body: Record<string, unknown>): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, stringify({ name, region: 'local', ...body }));
  return file;
}

const mllpSource = (ack = 'on-commit') => ({ mllp: { host: '127.0.0.1', port: 0, ack } });
const parseAndAdt = [{ parse: 'hl7v2' }, { filter: { messageType: ['ADT^A01', 'ADT^A08'] } }];

let engine: TestEngine;
test.before(async () => {
  engine = await startTestEngine({
    bootstrap: {
      datasets: [{
        project: 'chan',
        location: 'local',
        id: 'feeds',
        stores: ['adt', 'receipt', 'meta', 'unique', 'silent'].map((id) => ({ type: 'hl7v2', id, config: id === 'unique' ? { rejectDuplicateMessage: true } : {} })),
      }],
    },
    channels: [
      channelFile('adt-feed', { source: mllpSource(), stages: parseAndAdt, destinations: [{ store: `${DATASET}/hl7V2Stores/adt` }] }),
      channelFile('on-receipt', { source: mllpSource('on-receipt'), stages: [{ parse: 'hl7v2' }], destinations: [{ store: `${DATASET}/hl7V2Stores/receipt` }] }),
      channelFile('metadata-only', { storage: 'metadata', source: mllpSource(), stages: [{ parse: 'hl7v2' }], destinations: [{ store: `${DATASET}/hl7V2Stores/meta` }] }),
      channelFile('unique', { source: mllpSource(), stages: [{ parse: 'hl7v2' }], destinations: [{ store: `${DATASET}/hl7V2Stores/unique` }] }),
      channelFile('silent', { source: mllpSource('none'), stages: [{ parse: 'hl7v2' }], destinations: [{ store: `${DATASET}/hl7V2Stores/silent` }] }),
    ],
  });
});
test.after.always(async () => {
  await engine?.stop();
});

function adt(type = 'ADT^A01', controlId = `C${randomBytes(6).toString('hex')}`): Buffer {
  return Buffer.from([
    `MSH|^~\\&|LAB|HOSP|PLEXUS|HOSP|20260101120000||${type}|${controlId}|P|2.5`,
    'EVN|A01|20260101120000',
    `PID|1||${randomBytes(4).toString('hex')}^^^HOSP^MR||DOE^JANE||19800101|F`,
    'PV1|1|I',
  ].join('\r'), 'latin1');
}

async function send(channel: string, messages: Buffer[]): Promise<Buffer[]> {
  const sender = new MllpSender({ host: '127.0.0.1', port: engine.channelPort(channel), ackTimeoutMs: 10_000, logger: createLogger('silent') });
  try {
    const acks: Buffer[] = [];
    for (const message of messages) {
      const result = await sender.send(message);
      if (!result.ack) throw new Error(`no ACK: ${result.outcome} ${result.reason ?? ''}`);
      acks.push(result.ack);
    }
    return acks;
  } finally {
    await sender.close();
  }
}

/** Every frame written at once on one connection (pipelined), then their ACKs read in order. */
async function sendPipelined(channel: string, messages: Buffer[]): Promise<Buffer[]> {
  const socket = connect(engine.channelPort(channel), '127.0.0.1');
  const reader = new MllpFrameReader({ maxFrameBytes: 1 << 20 });
  const acks: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      for (const event of reader.push(chunk)) if (event.type === 'frame') acks.push(event.frame);
      if (acks.length === messages.length) resolve();
    });
    socket.write(Buffer.concat(messages.map((m) => encodeMllpFrame(m))));
  });
  socket.destroy();
  return acks;
}

const db = () => engine.regions.get('local').db;
const journalRow = async (channel: string, controlId: string) => db()('channel_messages').where({ channel, control_id: controlId }).first();

async function storeMessages(store: string): Promise<Array<{ data: string; name: string }>> {
  const res = await engine.api(`/v1/${DATASET}/hl7V2Stores/${store}/messages?view=RAW_ONLY&pageSize=1000`);
  return (await res.json()).hl7V2Messages ?? [];
}

test('a message through parse and filter lands in the store in the commit its AA follows', async (t) => {
  const message = adt();
  const [ack] = await send('adt-feed', [message]);
  const parsed = parseHl7v2Message(ack);
  t.is(parsed.get('MSA-1'), 'AA');
  t.is(parsed.get('MSA-2'), parseHl7v2Message(message).controlId);
  const row = await journalRow('adt-feed', parseHl7v2Message(message).controlId!);
  t.is(row.status, 'TRANSFORMED');
  t.is(row.message_type, 'ADT^A01');
  t.deepEqual(Buffer.from(row.raw), message);
  const deliveries = await db()('channel_deliveries').where({ message_pk: row.id });
  t.is(deliveries.length, 1);
  t.is(deliveries[0].status, 'SENT');
  t.regex(deliveries[0].response, new RegExp(`^${DATASET}/hl7V2Stores/adt/messages/[0-9a-f]{32}$`));
  const stored = await storeMessages('adt');
  t.true(stored.some((m) => Buffer.from(m.data, 'base64').equals(message)));
  const audit = await db()('audit_entries').where({ request_id: row.message_id });
  t.deepEqual(audit.map((e) => e.resource).sort(), [`${DATASET}/hl7V2Stores/adt`, 'projects/chan/locations/local/channels/adt-feed'].sort());
});

test('a message the filter refuses is answered AA, journaled FILTERED with the reason, and stored nowhere', async (t) => {
  const message = adt('ORU^R01');
  const [ack] = await send('adt-feed', [message]);
  t.is(parseHl7v2Message(ack).get('MSA-1'), 'AA');
  const row = await journalRow('adt-feed', parseHl7v2Message(message).controlId!);
  t.is(row.status, 'FILTERED');
  t.is(row.filtered_by, 'stages[1].filter: message type in [ADT^A01, ADT^A08]');
  t.deepEqual(await db()('channel_deliveries').where({ message_pk: row.id }), []);
  t.false((await storeMessages('adt')).some((m) => Buffer.from(m.data, 'base64').equals(message)));
});

test('unparseable input is answered AR and kept in the journal as ERROR with its raw bytes', async (t) => {
  const garbage = Buffer.from(`not an HL7 message ${randomBytes(4).toString('hex')}`, 'latin1');
  const [ack] = await send('adt-feed', [garbage]);
  t.is(parseHl7v2Message(ack).get('MSA-1'), 'AR');
  const rows = await db()('channel_messages').where({ channel: 'adt-feed', status: 'ERROR' });
  const row = rows.find((r) => Buffer.from(r.raw).equals(garbage));
  t.truthy(row);
  t.regex(row.error, /^stages\[0\]\.parse: the message cannot be parsed/);
});

test('a duplicate the store rejects is answered AE with ERR code 205 and journaled as ERROR', async (t) => {
  const message = adt();
  const [first, second] = await send('unique', [message, message]);
  t.is(parseHl7v2Message(first).get('MSA-1'), 'AA');
  const nak = parseHl7v2Message(second);
  t.is(nak.get('MSA-1'), 'AE');
  t.is(nak.get('ERR-3.1'), '205');
  const rows = await db()('channel_messages').where({ channel: 'unique', control_id: parseHl7v2Message(message).controlId }).orderBy('id');
  t.deepEqual(rows.map((r) => r.status), ['TRANSFORMED', 'ERROR']);
  t.regex(rows[1].error, /^destination store: /);
  t.deepEqual(Buffer.from(rows[1].raw), message);
});

test('on-receipt answers once the journal row commits, and the message then lands in the store', async (t) => {
  const message = adt();
  const [ack] = await send('on-receipt', [message]);
  t.is(parseHl7v2Message(ack).get('MSA-1'), 'AA');
  const controlId = parseHl7v2Message(message).controlId!;
  for (let i = 0; i < 100 && (await journalRow('on-receipt', controlId))?.status !== 'TRANSFORMED'; i++) await new Promise((r) => setTimeout(r, 20));
  t.is((await journalRow('on-receipt', controlId)).status, 'TRANSFORMED');
  t.true((await storeMessages('receipt')).some((m) => Buffer.from(m.data, 'base64').equals(message)));
});

test('storage metadata keeps no content in the journal, only what happened', async (t) => {
  const message = adt();
  await send('metadata-only', [message]);
  const row = await journalRow('metadata-only', parseHl7v2Message(message).controlId!);
  t.is(row.status, 'TRANSFORMED');
  t.is(row.raw, null);
  t.is(Number(row.raw_size), message.length, 'a bigint: PostgreSQL gives it as a string');
});

test('ack none answers nothing but still commits the message', async (t) => {
  const message = adt();
  const socket = connect(engine.channelPort('silent'), '127.0.0.1');
  const received: Buffer[] = [];
  socket.on('data', (chunk) => received.push(chunk));
  socket.write(encodeMllpFrame(message));
  const controlId = parseHl7v2Message(message).controlId!;
  for (let i = 0; i < 100 && !(await journalRow('silent', controlId)); i++) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 100));
  socket.destroy();
  t.is((await journalRow('silent', controlId))?.status, 'TRANSFORMED');
  t.deepEqual(received, []);
});

test('messages of one connection land in arrival order while several connections share commits', async (t) => {
  const connections = 4;
  const perConnection = 25;
  const batches = Array.from({ length: connections }, (_, c) => Array.from({ length: perConnection }, (_, i) => adt('ADT^A08', `ORD${c}-${i}-${randomBytes(3).toString('hex')}`)));
  const acks = await Promise.all(batches.map((messages) => sendPipelined('adt-feed', messages)));
  batches.forEach((messages, c) => t.deepEqual(acks[c].map((a) => parseHl7v2Message(a).get('MSA-2')), messages.map((m) => parseHl7v2Message(m).controlId)));
  for (const messages of batches) {
    const ids = await Promise.all(messages.map(async (m) => Number((await journalRow('adt-feed', parseHl7v2Message(m).controlId!)).id)));
    t.deepEqual(ids, [...ids].sort((a, b) => a - b));
  }
});

test('raw content over 1 MB is kept as a blob in the region blob store, referenced from the journal row', async (t) => {
  const big = Buffer.concat([adt(), Buffer.from(`\rNTE|1||${'x'.repeat(1_200_000)}`, 'latin1')]);
  const [ack] = await send('adt-feed', [big]);
  t.is(parseHl7v2Message(ack).get('MSA-1'), 'AA');
  const row = await journalRow('adt-feed', parseHl7v2Message(big).controlId!);
  t.is(row.raw, null);
  t.regex(row.raw_blob, /^[0-9a-f]{64}$/);
  t.is(Number(row.raw_size), big.length);
  const blobs = new BlobStore(engine.regions.get('local').blobs);
  t.true((await blobs.get(row.raw_blob)).equals(big), 'the blob holds the raw bytes');
});

test('enhanced mode: every message gets the accept ACK (CA), even with MSH-15 NE, since senders wait on the socket', async (t) => {
  const enhanced = (controlId: string, msh15: string) =>
    Buffer.from(`MSH|^~\\&|LAB|HOSP|PLEXUS|HOSP|20260101120000||ADT^A01|${controlId}|P|2.5|||${msh15}|NE\rPID|1||1^^^H^MR`, 'latin1');
  for (const msh15 of ['AL', 'NE', 'ER']) {
    const controlId = `${msh15}${randomBytes(4).toString('hex')}`;
    const [ack] = await send('adt-feed', [enhanced(controlId, msh15)]);
    t.is(parseHl7v2Message(ack).get('MSA-1'), 'CA', msh15);
    t.is(parseHl7v2Message(ack).get('MSA-2'), controlId);
    t.is((await journalRow('adt-feed', controlId))?.status, 'TRANSFORMED', msh15);
  }
});
