import test from 'ava';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { MllpSender } from '../../connectors/mllp/mllp-sender.ts';
import { createLogger } from '../../engine/logger.ts';
import { parseHl7v2Message } from '../../transforms/hl7v2/parse-hl7v2-message.ts';
import { startTestEngine, type TestEngine } from '../helpers/test-engine.ts';
import { testRegionConfig } from '../helpers/test-region.ts';

/*
 * Region-tagged routing with two regions on two databases: us-central1 on a SQLite file,
 * europe-west4 on PostgreSQL in CI's PostgreSQL pass (a second SQLite file otherwise).
 * The route is decided from the raw frame before anything is written.
 */
const dir = mkdtempSync(join(tmpdir(), 'plexus-routing-'));
const usDatabase = join(dir, 'us-central1.db');
const STORE = (region: string) => `projects/acme/locations/${region}/datasets/main/hl7V2Stores/adt`;

let engine: TestEngine;
test.before(async () => {
  const channel = join(dir, 'router.yaml');
  writeFileSync(channel, stringify({
    name: 'router',
    region: 'us-central1',
    route: { by: 'MSH-4', regions: { HOSP_EU: 'europe-west4', HOSP_US: 'us-central1' }, otherwise: 'quarantine' },
    source: { mllp: { port: 0 } },
    stages: [{ parse: 'hl7v2' }],
    destinations: [{ store: 'projects/acme/locations/{region}/datasets/main/hl7V2Stores/adt' }],
  }));
  engine = await startTestEngine({
    regions: { 'us-central1': { database: usDatabase, blobs: join(dir, 'us-blobs') }, 'europe-west4': testRegionConfig() },
    bootstrap: { datasets: ['us-central1', 'europe-west4'].map((location) => ({ project: 'acme', location, id: 'main', stores: [{ type: 'hl7v2', id: 'adt', config: {} }] })) },
    channels: [channel],
  });
});
test.after.always(async () => {
  await engine?.stop();
});

function message(facility: string, marker: string): Buffer {
  return Buffer.from(`MSH|^~\\&|ADT|${facility}|PLEXUS|X|20260101120000||ADT^A01|${marker}|P|2.5\rPID|1||${marker}^^^H^MR||${marker}^PATIENT`, 'latin1');
}

async function send(bytes: Buffer): Promise<string> {
  const sender = new MllpSender({ host: '127.0.0.1', port: engine.channelPort('router'), ackTimeoutMs: 10_000, logger: createLogger('silent') });
  try {
    return parseHl7v2Message((await sender.send(bytes)).ack!).get('MSA-1')!;
  } finally {
    await sender.close();
  }
}

async function storedControlIds(region: string): Promise<string[]> {
  const res = await engine.api(`/v1/${STORE(region)}/messages?view=RAW_ONLY&pageSize=1000`);
  return ((await res.json()).hl7V2Messages ?? []).map((m: { data: string }) => parseHl7v2Message(Buffer.from(m.data, 'base64')).controlId);
}

const journal = (region: string) => engine.regions.get(region).db('channel_messages').where({ channel: 'router' });

test.serial('each message is journaled and stored only in the region its MSH-4 picks; no byte of an EU message is in the US database', async (t) => {
  const eu = `EU${randomBytes(8).toString('hex')}`;
  const us = `US${randomBytes(8).toString('hex')}`;
  t.is(await send(message('HOSP_EU', eu)), 'AA');
  t.is(await send(message('HOSP_US', us)), 'AA');
  t.deepEqual(await storedControlIds('europe-west4'), [eu]);
  t.deepEqual(await storedControlIds('us-central1'), [us]);
  t.deepEqual((await journal('europe-west4')).map((r) => [r.control_id, r.status]), [[eu, 'TRANSFORMED']]);
  t.deepEqual((await journal('us-central1')).map((r) => [r.control_id, r.status]), [[us, 'TRANSFORMED']]);
  const euAudit = await engine.regions.get('europe-west4').db('audit_entries').where('resource', 'like', '%channels/router');
  t.true(euAudit.length >= 1, 'the EU message is audited in the EU region');
  // The US database, file and write-ahead log, byte by byte: the EU marker is nowhere.
  const usBytes = Buffer.concat([usDatabase, `${usDatabase}-wal`].filter(existsSync).map((f) => readFileSync(f)));
  t.true(usBytes.includes(Buffer.from(us)), 'the check can see the US message in the US files');
  t.false(usBytes.includes(Buffer.from(eu)), 'no byte of the EU message is in the US database');
});

test.serial('a message no region takes is answered AR and kept as ERROR in the quarantine region, with its raw bytes', async (t) => {
  const stray = `QX${randomBytes(8).toString('hex')}`;
  t.is(await send(message('CLINIC_X', stray)), 'AR');
  const [row] = await journal('us-central1').andWhere({ status: 'ERROR' });
  t.is(row.error, 'route: MSH-4 is "CLINIC_X", which no region of this channel takes');
  t.deepEqual(Buffer.from(row.raw), message('CLINIC_X', stray));
  t.deepEqual(await journal('europe-west4').andWhere({ status: 'ERROR' }), []);
  t.false((await storedControlIds('us-central1')).includes(stray));
});

test.serial('the channel API sums the statistics of every region the channel journals in', async (t) => {
  const channel = await (await engine.api('/v1/projects/acme/locations/us-central1/channels/router')).json();
  t.is(channel.statistics.transformed, 2);
  t.is(channel.statistics.errored, 1);
  t.deepEqual(channel.route.regions, { HOSP_EU: 'europe-west4', HOSP_US: 'us-central1' });
});
